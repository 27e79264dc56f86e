#!/bin/sh
# Print memstall's version (used by the Makefile for `memstall --version`).
# In order of preference:
#   .version           written into a source copy or tarball (make deb, make dist)
#   git describe       a release tag vX.Y.Z (+ commits since, -dirty)
#   git commit         VERSION+git<commit date>.<hash>[.dirty] between tags
#   .tarball-version   `git archive` fills it in (export-subst): VERSION+git<date>.<hash>
#   VERSION            the bare base version
set -eu
cd "$(dirname "$0")/.."
base=$(cat VERSION)
if [ -s .version ]; then
	cat .version
	exit 0
fi
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
	if d=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
		echo "${d#v}"
		exit 0
	fi
	dirty=$(git diff --quiet HEAD -- 2>/dev/null || echo .dirty)
	echo "$base+git$(git log -1 --format=%cd --date=format:%Y%m%d).$(git rev-parse --short=7 HEAD)$dirty"
	exit 0
fi
tv=$(cat .tarball-version 2>/dev/null || true)
case $tv in
'' | *Format*) echo "$base" ;;
*) echo "$base+git$(echo "$tv" | tr -d -)" ;;
esac
