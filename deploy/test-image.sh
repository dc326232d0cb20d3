#!/usr/bin/env bash
# Tests the image deploy/build-image.sh built, through `podman run` as an operator would run it:
# it serves and /health answers 200, as uid 10001, with the JVM as PID 1; `podman stop` drains
# and exits 0; a busy host port exits 75 with one line; an expired certificate mounted
# read-only exits 78 and leaves its line in a mounted termination log; a read-only root
# filesystem without a writable /tmp serves on epoll with the class cache and no warning; the
# default command serves 0.0.0.0:8080; the OCI labels are set.
# Prints one line per check and a closing 'N passed, N failed' line; exits 1 if any failed.
# Usage: deploy/test-image.sh [IMAGE]   (default localhost/berth:latest)
# Needs podman (CONTAINERS_CONF=.ci/containers.conf on the CI machines), curl, python3, and
# keytool (any JDK) for the expired certificate. Host networking: only 127.0.0.1, random ports.
set -uo pipefail
image=${1:-localhost/berth:latest}
passed=0
failed=0
work=$(mktemp -d)
chmod 755 "$work"
names=()
holder=

cleanup() {
  local name
  for name in "${names[@]}"; do podman rm -f -t 0 "$name" >/dev/null 2>&1; done
  [ -n "$holder" ] && kill "$holder" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "ok   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
finish() { echo "test-image: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

for tool in podman curl python3; do
  command -v "$tool" >/dev/null || { fail "$tool is not installed"; finish; }
done
podman image exists "$image" || { fail "no image $image (build it with deploy/build-image.sh)"; finish; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits up to $3 seconds until container $1 says it listens on 127.0.0.1:$2 and /health there
# answers 200; prints the milliseconds taken. The log line first: with other servers on this
# machine's loopback, a 200 alone could come from one of them.
wait_serving() {
  local start=$(date +%s%N) deadline=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    if podman logs "$1" 2>&1 | grep -qx "berth: listening on http://127.0.0.1:$2" \
        && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$2/health")" = 200 ]; then
      echo $(( ($(date +%s%N) - start) / 1000000 ))
      return 0
    fi
    [ "$(podman inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 1
    sleep 0.05
  done
  return 1
}

run_detached() {  # NAME ARGS...: podman run -d --name NAME ARGS...
  local name=$1
  shift
  names+=("$name")
  podman run -d --name "$name" "$@" >/dev/null
}

tag=berth-test-$$

# 1. Serves, as uid 10001, with the JVM itself as PID 1 (signals reach it); start to first 200.
port=$(free_port)
run_detached "$tag-serve" --network host "$image" serve --bind "127.0.0.1:$port"
if ms=$(wait_serving "$tag-serve" "$port" 60); then
  pass "podman run ... serve: listening, /health answered 200 (${ms} ms after podman run returned)"
else
  fail "podman run ... serve: no 200 from /health in 60s; logs: $(podman logs "$tag-serve" 2>&1 | tail -n 5)"
fi
status=$(podman exec "$tag-serve" cat /proc/1/status 2>&1)
if grep -q '^Name:[[:space:]]*java$' <<<"$status" && grep -Eq '^Uid:[[:space:]]+10001[[:space:]]+10001[[:space:]]+10001[[:space:]]+10001$' <<<"$status"; then
  pass "runs as non-root: PID 1 is java with uid 10001"
else
  fail "PID 1 is not java as uid 10001: $(grep -E '^(Name|Uid)' <<<"$status" | tr '\n' ' ')"
fi

# 2. podman stop sends SIGTERM: berth drains and exits 0 well before podman's SIGKILL (-t 30).
start=$(date +%s)
podman stop -t 30 "$tag-serve" >/dev/null 2>&1
code=$(podman inspect --format '{{.State.ExitCode}}' "$tag-serve")
logs=$(podman logs "$tag-serve" 2>&1)
if [ "$code" = 0 ] && grep -q 'stopping; draining' <<<"$logs" && grep -q 'berth: stopped' <<<"$logs" \
    && [ $(( $(date +%s) - start )) -lt 25 ]; then
  pass "podman stop: drained and exited 0"
else
  fail "podman stop: exit $code after $(( $(date +%s) - start ))s; logs: $logs"
fi

# 3. A port held on the host's loopback is busy inside (host network): 75 and exactly one line.
port=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(300)' "$port" &
holder=$!
for _ in $(seq 50); do
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null && break
  sleep 0.1
done
podman run --rm --network host "$image" serve --bind "127.0.0.1:$port" >"$work/busy.out" 2>"$work/busy.err"
code=$?
kill "$holder" 2>/dev/null
holder=
if [ "$code" = 75 ] && [ "$(wc -l <"$work/busy.err")" = 1 ] && grep -q "in use" "$work/busy.err"; then
  pass "busy port: exit 75 with one line: $(cat "$work/busy.err")"
else
  fail "busy port: exit $code, stderr: $(cat "$work/busy.err")"
fi

# 4. An expired certificate, mounted read-only: 78, and the line in the termination log.
if command -v keytool >/dev/null; then
  mkdir "$work/tls"
  keytool -genkeypair -keystore "$work/tls/expired.p12" -storetype PKCS12 -storepass changeit -keypass changeit \
    -alias berth -keyalg EC -groupname secp256r1 -dname CN=localhost -startdate 2020/01/01 -validity 1 >/dev/null 2>&1
  printf 'changeit\n' >"$work/tls/password"
  chmod 644 "$work/tls/expired.p12" "$work/tls/password"
  : >"$work/termination-log"
  chmod 666 "$work/termination-log"  # Kubernetes makes it writable for the container's user
  port=$(free_port)
  podman run --rm --network host --read-only --read-only-tmpfs=false \
    -v "$work/tls:/tls:ro" -v "$work/termination-log:/dev/termination-log" \
    "$image" serve --bind "https://127.0.0.1:$port" --tls-keystore /tls/expired.p12 --tls-password-file /tls/password \
    >/dev/null 2>"$work/tls.err"
  code=$?
  if [ "$code" = 78 ] && grep -q expired "$work/tls.err" && cmp -s "$work/tls.err" "$work/termination-log"; then
    pass "expired certificate: exit 78, the line in /dev/termination-log: $(cat "$work/termination-log")"
  else
    fail "expired certificate: exit $code, stderr: $(cat "$work/tls.err"); termination log: $(cat "$work/termination-log")"
  fi
else
  fail "keytool is not installed (any JDK has it): cannot make the expired certificate"
fi

# 5. Read-only root filesystem and no writable /tmp (Kubernetes' readOnlyRootFilesystem gives
# no tmpfs): serves, on epoll (Netty's library loads without unpacking), with the class cache,
# and says nothing but where it listens.
port=$(free_port)
mkdir "$work/run"
chmod 777 "$work/run"
run_detached "$tag-ro" --network host --read-only --read-only-tmpfs=false -v "$work/run:/run/berth" \
  "$image" serve --bind "127.0.0.1:$port" --report /run/berth/report.json
if wait_serving "$tag-ro" "$port" 60 >/dev/null; then
  logs=$(podman logs "$tag-ro" 2>&1)
  transport=$(sed -n 's/.*"transport" *: *"\([a-z_]*\)".*/\1/p' "$work/run/report.json" | head -n 1)
  if [ "$transport" = epoll ] && [ "$logs" = "berth: listening on http://127.0.0.1:$port" ]; then
    pass "read-only root filesystem, no writable /tmp: serves on epoll, no other line"
  else
    fail "read-only root filesystem: transport '$transport', logs: $logs"
  fi
else
  fail "read-only root filesystem: no 200; logs: $(podman logs "$tag-ro" 2>&1 | tail -n 5)"
fi
version_line=$(podman run --rm --read-only --read-only-tmpfs=false --network none "$image" --version 2>&1)
if grep -Eq 'AppCDS archive|AOT cache' <<<"$version_line"; then
  pass "the class cache made for the image's JVM is in use: $(grep -Ei 'class cache|archive|AOT' <<<"$version_line" | head -n 1)"
else
  fail "no class cache in use: $version_line"
fi

# 6. The default command: serve --bind 0.0.0.0:8080, in the container's own network namespace.
run_detached "$tag-default" --network none "$image"
answer=
for _ in $(seq 120); do
  answer=$(podman exec "$tag-default" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 &&
    printf "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" >&3 && head -n 1 <&3' 2>/dev/null)
  [[ $answer == *" 200 "* ]] && break
  sleep 0.25
done
if [[ $answer == *" 200 "* ]] && podman logs "$tag-default" 2>&1 | grep -q 'listening on http://0.0.0.0:8080'; then
  pass "default command: serves 0.0.0.0:8080"
else
  fail "default command: answer '$answer'; logs: $(podman logs "$tag-default" 2>&1 | tail -n 3)"
fi

# 7. OCI labels.
labels=$(podman image inspect --format '{{index .Labels "org.opencontainers.image.version"}}|{{index .Labels "org.opencontainers.image.source"}}|{{index .Labels "org.opencontainers.image.licenses"}}' "$image")
version=${labels%%|*}
if [ -n "$version" ] && [ "$version" != unknown ] && podman image exists "localhost/berth:$version" \
    && [ "$(cut -d'|' -f2 <<<"$labels")" != "" ] && [ "$(cut -d'|' -f3 <<<"$labels")" != "" ]; then
  pass "OCI labels version|source|licenses: $labels"
else
  fail "OCI labels incomplete: $labels"
fi

finish
