#!/usr/bin/env bash
# Live tests of `memstall export`'s HTTP side, bounded, on 127.0.0.1 only:
# wrong methods get 405, unknown paths 404, a 1 MiB header is refused, 200
# parallel connections neither crash nor stall it, a slow client is cut off
# while others are served; TLS with a certificate made here by openssl and
# basic auth with a bcrypt hash.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(export_http_methods_paths export_http_big_header export_http_parallel
	export_http_slow_client export_http_alive export_tls_basic_auth)
require_root "${TESTS[@]}" || exit 0

exporter_port() {
	local i p
	for i in $(seq 100); do
		p=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$1" 2>/dev/null)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

"$MEMSTALL" export --listen 127.0.0.1:0 -k memcg -d 60 2>"$TMP/e.err" &
E=$!
on_exit "kill $E"
EP=$(exporter_port "$TMP/e.err")
export EP

cat >"$TMP/lib.py" <<'PY'
import os, socket, sys, threading, time
EP = int(os.environ["EP"])
def fail(m): print(m); sys.exit(1)
def request(raw, timeout=5.0):
    """Send raw bytes, return (status or None, headers+body bytes)."""
    s = socket.create_connection(("127.0.0.1", EP), timeout=timeout)
    try:
        s.sendall(raw)
        data = b""
        while True:
            b = s.recv(65536)
            if not b: break
            data += b
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        s.close()
    line = data.split(b"\r\n", 1)[0].split()
    return (int(line[1]) if len(line) > 1 and line[1].isdigit() else None), data
def get(path="/metrics", method="GET", extra=b""):
    return request(f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n".encode() + extra + b"\r\n")
def scrape_ok():
    t = time.time(); st, d = get()
    return st == 200 and b"memstall_build_info" in d, time.time() - t
PY

check export_http_methods_paths python3 - <<PY
$(cat "$TMP/lib.py")
for m in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"):
    st, d = get(method=m, extra=b"Content-Length: 0\r\n")
    if st != 405 or b"Allow: GET, HEAD" not in d: fail(f"{m}: {st} {d[:200]!r}")
for p in ("/foo", "/metrics/x", "/metricsx", "/../etc/passwd", "/metrics%20"):
    st, d = get(p)
    if st != 404: fail(f"{p}: {st}")
st, d = get("/", "GET")
if st != 200 or b"/metrics" not in d: fail(f"/: {st}")
st, d = get("/metrics", "HEAD")
body = d.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in d else b"?"
if st != 200 or body: fail(f"HEAD: {st}, body {len(body)} bytes")
st, d = request(b"GARBAGE\r\n\r\n")
if st == 200: fail("garbage request answered 200")
print("7 methods 405 (Allow: GET, HEAD), 5 paths 404, / and HEAD 200, garbage refused")
PY

check export_http_big_header python3 - <<PY
$(cat "$TMP/lib.py")
st, d = request(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n", timeout=10)
if st not in (None, 400, 413, 431): fail(f"1 MiB header: {st}")
ok, dt = scrape_ok()
if not ok or dt > 2: fail(f"scrape after the big header: {ok} {dt:.2f}s")
print(f"1 MiB header: {st or 'connection closed'}; next scrape {dt*1e3:.0f} ms")
PY

check export_http_parallel python3 - <<PY
$(cat "$TMP/lib.py")
res = []
def one():
    try: res.append(get()[0])
    except OSError as e: res.append(type(e).__name__)
t0 = time.time()
th = [threading.Thread(target=one) for _ in range(200)]
for t in th: t.start()
for t in th: t.join(30)
dt = time.time() - t0
if any(t.is_alive() for t in th): fail("connections still hanging after 30 s")
served = res.count(200)
bad = [r for r in res if r not in (200, None, "ConnectionResetError", "BrokenPipeError", "TimeoutError")]
if bad or served < 20: fail(f"served {served}, other {bad[:5]}")
ok, dt2 = scrape_ok()
if not ok or dt2 > 2: fail(f"scrape after the burst: {ok} {dt2:.2f}s")
print(f"200 parallel: {served} served, {200 - served} cut off, {dt:.1f} s; next scrape {dt2*1e3:.0f} ms")
PY

check export_http_slow_client python3 - <<PY
$(cat "$TMP/lib.py")
slow = socket.create_connection(("127.0.0.1", EP), timeout=20)
slow.sendall(b"GET /met")  # and nothing more
t0 = time.time()
worst = 0
for _ in range(5):
    ok, dt = scrape_ok()
    worst = max(worst, dt)
    if not ok or dt > 1: fail(f"scrape while a slow client waits: {ok} {dt:.2f}s")
    time.sleep(0.2)
try:
    b = slow.recv(100)
except (ConnectionResetError, socket.timeout) as e:
    b = b""
cut = time.time() - t0
if b and not b.startswith(b"HTTP/1.1 408"): fail(f"slow client got {b!r}")
if cut > 15: fail(f"slow client not cut off after {cut:.1f} s")
print(f"others served (worst {worst*1e3:.0f} ms); slow client cut off after {cut:.1f} s")
PY

check export_http_alive bash -c "kill -0 $E && grep -q '^memstall_build_info' <(curl -sf 127.0.0.1:$EP/metrics) && echo 'still serving'"
kill -INT $E
wait $E
RE=$?

# TLS and basic auth: a certificate for 127.0.0.1 and a bcrypt hash made now
if ! command -v openssl >/dev/null; then
	skip export_tls_basic_auth "no openssl: run 'make deps'"
	exit 0
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1
HASH=$(python3 -W ignore -c 'import crypt; print(crypt.crypt("pw-123", crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1 << 6)))')
cat >"$TMP/web.yml" <<YML
tls_server_config:
  cert_file: cert.pem
  key_file: key.pem
basic_auth_users:
  prom: '$HASH'
YML
"$MEMSTALL" export --listen 127.0.0.1:0 -k memcg -d 30 --web-config "$TMP/web.yml" 2>"$TMP/t.err" &
T=$!
on_exit "kill $T"
TP=$(exporter_port "$TMP/t.err")
U="https://127.0.0.1:$TP/metrics"
check export_tls_basic_auth bash -c "
	[ $RE -eq 0 ] || { echo 'plain exporter exit $RE'; exit 1; }
	grep -q 'https://' '$TMP/t.err' || { cat '$TMP/t.err'; exit 1; }
	c=\$(curl -s -o '$TMP/ok.txt' -w '%{http_code}' --cacert '$TMP/cert.pem' -u prom:pw-123 '$U')
	[ \"\$c\" = 200 ] && grep -q '^memstall_build_info' '$TMP/ok.txt' || { echo \"auth ok: \$c\"; exit 1; }
	c=\$(curl -s -D '$TMP/h401' -o /dev/null -w '%{http_code}' --cacert '$TMP/cert.pem' '$U')
	[ \"\$c\" = 401 ] && grep -qi '^WWW-Authenticate: Basic' '$TMP/h401' || { echo \"no credentials: \$c\"; exit 1; }
	c=\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$TMP/cert.pem' -u prom:wrong '$U')
	[ \"\$c\" = 401 ] || { echo \"wrong password: \$c\"; exit 1; }
	c=\$(curl -s -o /dev/null -w '%{http_code}' --cacert '$TMP/cert.pem' -u other:pw-123 '$U')
	[ \"\$c\" = 401 ] || { echo \"unknown user: \$c\"; exit 1; }
	c=\$(curl -s -o /dev/null -w '%{http_code}' -m 5 -u prom:pw-123 'http://127.0.0.1:$TP/metrics')
	[ \"\$c\" != 200 ] || { echo 'plain HTTP answered on the TLS port'; exit 1; }
	c=\$(curl -s -o /dev/null -w '%{http_code}' -m 5 -u prom:pw-123 '$U')
	[ \"\$c\" = 000 ] || { echo \"certificate not checked: \$c\"; exit 1; }
	echo 'TLS (openssl test certificate) 200 with bcrypt user, 401 without/wrong/unknown, plain HTTP refused'"
