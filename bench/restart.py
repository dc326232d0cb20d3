#!/usr/bin/env python3
"""Restart under load: does a restart refuse connections? (docs/performance.md, "Restart")

berth serves /health under wrk; after a second of load it gets SIGTERM and a new berth starts.
  inherited: a parent holds the listening socket (server-testkit's pass-sockets.py with two
             runs, the way systemd holds a .socket unit's socket) and starts the next berth on
             it as soon as the first exits; the kernel queues connections meanwhile.
  ordinary:  berth binds 127.0.0.1:0 itself; the next berth binds the same port after the first
             exited.
Each with one connection per request (wrk -H 'Connection: close') and with keep-alive.
Loopback only. Needs wrk and python3; berth's distribution (mvn package) or --berth PATH.

usage: bench/restart.py [--berth PATH] [--seconds 6] [--connections 8] [--rounds 3]
"""
import argparse, json, os, re, signal, subprocess, sys, tempfile, threading, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIM = os.path.join(REPO, "server-testkit", "src", "main", "resources", "dev", "berth", "testkit", "pass-sockets.py")
READY = re.compile(r"listening on http://([0-9.]+):(\d+)")


class Lines:
    """Collects a process's stderr lines in a thread, so readiness can be awaited."""

    def __init__(self, stream):
        self.lines, self.cond = [], threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for raw in stream:
            with self.cond:
                self.lines.append(raw.decode(errors="replace").rstrip("\n"))
                self.cond.notify_all()

    def wait(self, pattern, count=1, timeout=60):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                found = [m for m in (pattern.search(l) for l in self.lines) if m]
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.time()
                if left <= 0:
                    raise SystemExit("timed out waiting for %s; output:\n%s" % (pattern.pattern, "\n".join(self.lines)))
                self.cond.wait(left)


def wrk(port, seconds, connections, close):
    # A 30 s timeout: a connection queued while no berth accepts is slow, not lost.
    cmd = ["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--timeout", "30s"]
    if close:
        cmd += ["-H", "Connection: close"]
    return subprocess.Popen(cmd + ["http://127.0.0.1:%d/health" % port], stdout=subprocess.PIPE, text=True)


def parse_wrk(out):
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = {k: 0 for k in ("connect", "read", "write", "timeout")}
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors = dict(zip(errors, map(int, m.groups())))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out).group(1)
    return total, errors, int(non2xx.group(1)) if non2xx else 0, latency


def child_of(pid):
    with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
        return [int(x) for x in f.read().split()]


def run(berth, binding, close, seconds, connections):
    if binding == "inherited":
        addresses = tempfile.mktemp(prefix="berth-restart-", suffix=".json")
        parent = subprocess.Popen(["python3", SHIM, "--socket", "tcp", "127.0.0.1:0", "web", "--addresses", addresses,
                                   "--runs", "2", "--", berth, "serve", "--bind", "systemd"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = Lines(parent.stderr)
        port = int(err.wait(READY).group(2))
        load = wrk(port, seconds, connections, close)
        time.sleep(1.5)
        first = child_of(parent.pid)[0]
        t0 = time.time()
        os.kill(first, signal.SIGTERM)
        err.wait(READY, count=2)
        gap = time.time() - t0
        out, _ = load.communicate()
        parent.send_signal(signal.SIGTERM)
        parent.wait(60)
        os.unlink(addresses)
    else:
        first = subprocess.Popen([berth, "serve", "--bind", "127.0.0.1:0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port = int(Lines(first.stderr).wait(READY).group(2))
        load = wrk(port, seconds, connections, close)
        time.sleep(1.5)
        t0 = time.time()
        first.send_signal(signal.SIGTERM)
        first.wait(60)
        second = subprocess.Popen([berth, "serve", "--bind", "127.0.0.1:%d" % port], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        Lines(second.stderr).wait(READY)
        gap = time.time() - t0
        out, _ = load.communicate()
        second.send_signal(signal.SIGTERM)
        second.wait(60)
    total, errors, non2xx, latency = parse_wrk(out)
    return {"binding": binding, "connection": "close" if close else "keep-alive", "requests": total,
            "errors": errors, "non2xx": non2xx, "maxLatency": latency, "gapSeconds": round(gap, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--berth", default=os.path.join(REPO, "server-cli", "target", "berth", "bin", "berth"))
    ap.add_argument("--seconds", type=int, default=6)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    rows = []
    for binding in ("inherited", "ordinary"):
        for close in (True, False):
            for _ in range(a.rounds):
                r = run(a.berth, binding, close, a.seconds, a.connections)
                print(json.dumps(r), file=sys.stderr, flush=True)
                rows.append(r)
    print("| binding | connections | rounds | requests (median) | connect errors | read/write errors | timeouts | non-2xx | slowest request | restart gap, s (median) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for binding in ("inherited", "ordinary"):
        for conn in ("close", "keep-alive"):
            rs = [r for r in rows if r["binding"] == binding and r["connection"] == conn]
            med = lambda k: sorted(r[k] for r in rs)[len(rs) // 2]
            e = lambda k: "+".join(str(r["errors"][k]) for r in rs)
            print("| %s | %s | %d | %d | %s | %s | %s | %s | %s | %.2f |" % (
                "inherited (parent holds it)" if binding == "inherited" else "ordinary bind", conn, len(rs), med("requests"),
                e("connect"), "+".join(str(r["errors"]["read"] + r["errors"]["write"]) for r in rs), e("timeout"),
                "+".join(str(r["non2xx"]) for r in rs), "/".join(r["maxLatency"] for r in rs), med("gapSeconds")))


if __name__ == "__main__":
    main()
