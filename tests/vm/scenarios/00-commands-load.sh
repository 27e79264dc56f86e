#!/usr/bin/env bash
# Scenario 0: the same static binary loads every tracing command's BPF
# programs on each kernel (the verifier of each version sees each flavour:
# tp_btf/raw_tp, task storage/hash, ring/perf buffer, hist and event modes).
# A verifier refusal on one kernel is a failure here, not a surprise later.
set -u
. "$(dirname "$0")/../scenario-lib.sh"
CMDS=("doctor --probes" "snoop" "snoop -w -T -k compact,oom" "snoop with every filter"
	"snoop on raw_tp" "snoop on raw_tp + hash + perf buffer" "oom" "hist"
	"hist by every key" "hist on raw_tp + hash" "top -b" "snoop -e (shrink_node probed)"
	"snoop -e with passes derived" "hist by node,lru"
	"hist on raw_tp + task storage (comm, cgroup read through BTF)"
	"snoop with records from the spare pool" "export (compaction counter, userspace killers, pod labels)"
	"doctor --probes: CO-RE against the minimal BTF equals the whole (core-btf)")
TESTS=()
for c in "${CMDS[@]}"; do TESTS+=("commands: $c loads and exits 0"); done
PLAN_TEST="commands: every hook attaches with the mechanism the plan chose (doctor --probes told the truth)"
TESTS+=("$PLAN_TEST")
vm_setup "${TESTS[@]}" || exit 0
for k in $VM_KERNELS; do
	dir=$(vm_dir commands "$k")
	rm -rf "$dir"
	mkdir -p "$dir"
	if ! err=$("$VM_HERE/mkinitramfs.sh" -o "$dir/initrd.cpio.gz" "$VM_HERE/guest/commands.sh" \
		"$MEMSTALL:/bin/memstall" 2>&1) ||
		! err=$(LOG=$dir/console.log TIMEOUT=${VM_TIMEOUT:-240} "$VM_HERE/boot.sh" "$k" \
			"$dir/initrd.cpio.gz" 2>&1 >/dev/null); then
		for t in "${TESTS[@]}"; do not_ok "$k $t" "boot failed: $(printf '%s' "$err" | tail -n1)"; done
		continue
	fi
	i=0
	for t in "${TESTS[@]}"; do
		i=$((i + 1))
		if [ "$t" = "$PLAN_TEST" ]; then
			warns=$(grep -a '^CMDWARN' "$dir/console.log")
			if [ -z "$warns" ] && grep -aq '^CMDS-DONE' "$dir/console.log"; then
				ok "$k $t"
			else
				not_ok "$k $t" "${warns:-the guest did not finish}"
			fi
			continue
		fi
		line=$(grep -a "^CMD $i rc=" "$dir/console.log" | head -n1)
		case "$line" in
		*"rc=0 "*) ok "$k $t" ;;
		"") not_ok "$k $t" "no result (guest console tail):" "$(tail -n 15 "$dir/console.log")" ;;
		*) not_ok "$k $t" "$line" "$(grep -a '^CMDERR' "$dir/console.log" | head -n 20)" ;;
		esac
	done
done
