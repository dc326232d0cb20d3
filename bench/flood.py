#!/usr/bin/python3
"""Flood: berth beside nginx, uvicorn and gunicorn when slow clients hold every connection.

    sudo bench/flood.sh                          # 3000 slow connections at --nofile=2048
    bench/flood.sh --only berth --flood 500      # smaller
    bench/flood.sh --only berth --memory         # berth's RSS per held connection

Each server is started under `prlimit --nofile=N` in a private network namespace (loopback
only; see harness.py). A client then opens --flood connections, each sending only
`GET / HTTP/1.1\\r\\nHost: x\\r\\n` and never the blank line that ends the headers, and keeps
them open. Then one ordinary GET on a fresh connection (waited for up to --wait seconds);
then the flood is closed and one more GET (up to 10 s). Recorded per server: the answer during
the flood and the time to it, the answer after, lines the server printed, RSS at the peak
(whole process tree, sampled every 100 ms), whether the server was still running at the end.

--memory (berth only): berth with --header-timeout 0s holds --flood connections; RSS before
and after, per connection. Prints a markdown table; raw figures in bench/results/flood.json.
"""

import argparse
import json
import os
import resource
import select
import socket
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

SLOW = b"GET / HTTP/1.1\r\nHost: x\r\n"
ORDINARY = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


class UvicornLimited(H.Uvicorn):
    """uvicorn with --limit-concurrency: beyond it, new connections get 503."""
    name = "uvicorn --limit-concurrency 1000"

    def argv(self, eps, wd, workers=None):
        a = super().argv(eps, wd, workers)
        return a[:-1] + ["--limit-concurrency", "1000", a[-1]]


def servers(launcher, only):
    all_ = [H.Berth(launcher), H.Nginx(), H.Uvicorn(), UvicornLimited(), H.Gunicorn()]
    return [s for s in all_ if not only or s.name.split()[0] in only or s.name in only]


def launch_limited(server, eps, wd, nofile, extra=()):
    """H.Run of the server's usual command line under prlimit --nofile=N, plus extra arguments."""
    orig = server.argv

    def argv(e, w, workers=None):
        return ["prlimit", "--nofile=%d" % nofile] + orig(e, w, workers) + list(extra)
    server.argv = argv
    try:
        return H.Run(server, eps, wd)
    finally:
        server.argv = orig


def open_flood(port, n, deadline_s=15.0):
    """n non-blocking connects; each that completes sends SLOW. -> list of connected sockets."""
    pending, done = [], []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        pending.append(s)
    end = time.monotonic() + deadline_s
    poller = select.poll()  # not select(): descriptors above 1023
    by_fd = {s.fileno(): s for s in pending}
    for fd in by_fd:
        poller.register(fd, select.POLLOUT)
    while by_fd and time.monotonic() < end:
        for fd, _ in poller.poll(200):
            s = by_fd.pop(fd)
            poller.unregister(fd)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                try:
                    s.send(SLOW)
                    done.append(s)
                    continue
                except OSError:
                    pass
            s.close()
    for s in by_fd.values():
        s.close()
    return done


def ordinary(port, timeout):
    """One GET on a fresh connection -> (status or None, seconds)."""
    t0 = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(max(0.1, timeout - (time.monotonic() - t0)))
            s.sendall(ORDINARY)
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(64)
                if not chunk:
                    break
                head += chunk
            parts = head.split(b" ")
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            return status, time.monotonic() - t0
    except OSError:
        return None, time.monotonic() - t0


def fds(root_pid):
    n = 0
    for p in H.tree_pids(root_pid):
        try:
            n = max(n, len(os.listdir("/proc/%d/fd" % p)))
        except OSError:
            pass
    return n


class PeakRss:
    """RSS of the whole tree, and the most descriptors open in any one of its processes."""

    def __init__(self, pid):
        self.pid, self.peak, self.peak_fds, self.stop = pid, 0, 0, False
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while not self.stop:
            self.peak = max(self.peak, H.rss_kb(self.pid))
            self.peak_fds = max(self.peak_fds, fds(self.pid))
            time.sleep(0.1)

    def done(self):
        self.stop = True
        self.t.join()
        return self.peak


def wait_ready(run, port, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if run.poll() is not None:
            return False
        st, _ = ordinary(port, 1.0)
        if st == 200:
            return True
        time.sleep(0.1)
    return False


def scenario(server, wd, a):
    port = H.free_port()
    run = launch_limited(server, [H.ep_tcp("127.0.0.1", port)], wd, a.nofile)
    row = {"server": server.name}
    try:
        if not wait_ready(run, port):
            row["error"] = "did not start: " + run.output()[-300:]
            return row
        time.sleep(1.0)
        row["rss_idle_mb"] = H.rss_kb(run.pid) / 1024
        lines_before = len(run.output().splitlines())
        peak = PeakRss(run.pid)
        flood = open_flood(port, a.flood)
        row["flood_connected"] = len(flood)
        st, took = ordinary(port, a.wait)
        row["during"], row["during_s"] = st, took
        for s in flood:
            s.close()
        time.sleep(1.0)
        st2, took2 = ordinary(port, 10.0)
        row["after"], row["after_s"] = st2, took2
        row["rss_peak_mb"] = peak.done() / 1024
        row["peak_fds"] = peak.peak_fds
        out = run.output().splitlines()[lines_before:]
        row["lines"] = len(out)
        row["sample"] = [l for l in out if l.strip()][:3]
        row["survived"] = run.poll() is None
    finally:
        run.kill()
    return row


def memory(server, wd, a):
    port = H.free_port()
    run = launch_limited(server, [H.ep_tcp("127.0.0.1", port)], wd, a.nofile, ["--header-timeout", "0s"])
    rows = []
    try:
        if not wait_ready(run, port):
            sys.exit("berth did not start: " + run.output()[-500:])
        for _ in range(20):
            ordinary(port, 2.0)  # warm the request path, so its classes are not counted
        time.sleep(2.0)
        base = H.rss_kb(run.pid)
        held = []
        for step in a.memory_steps:
            held += open_flood(port, step - len(held))
            time.sleep(3.0)
            rss = H.rss_kb(run.pid)
            rows.append({"held": len(held), "rss_mb": rss / 1024, "base_mb": base / 1024,
                         "per_conn_kb": (rss - base) / max(1, len(held))})
        for s in held:
            s.close()
        time.sleep(3.0)
        rows.append({"held": 0, "rss_mb": H.rss_kb(run.pid) / 1024, "base_mb": base / 1024, "per_conn_kb": None})
    finally:
        run.kill()
    return rows


def fmt_answer(st, s):
    if st is None:
        return "no answer in %.0f s" % s
    return "%d after %.1f s" % (st, s)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--berth", default=H.DEFAULT_BERTH)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--nofile", type=int, default=2048)
    ap.add_argument("--flood", type=int, default=3000)
    ap.add_argument("--wait", type=float, default=30.0, help="how long the ordinary request may take (s)")
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--no-setup", action="store_true")
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--cmdline", default="bench/flood.sh", help=argparse.SUPPRESS)
    a = ap.parse_args()
    a.memory_steps = sorted({max(1, a.flood // 5), a.flood // 2, a.flood})

    if os.environ.get(H.NS_MARKER) != "1":
        names = a.only or ["berth", "nginx", "uvicorn", "gunicorn"]
        if not a.no_setup:
            H.ensure_packages([n for n in names if n != "berth"])
        launcher = H.ensure_berth(a.berth) if "berth" in names else None
        wd, _ = H.make_workdir(None)
        os.environ["BERTH_BENCH_PROVENANCE"] = H.berth_provenance(launcher) if launcher else ""
        argv = [os.path.abspath(__file__)] + sys.argv[1:] + ["--workdir", wd]
        if launcher:
            argv += ["--berth", launcher]
        env = dict(os.environ, **{H.NS_MARKER: "1"})
        r = subprocess.run(["unshare", "--net", "--mount", "--", H.PY] + argv, env=env)
        import shutil
        shutil.rmtree(wd, ignore_errors=True)
        sys.exit(r.returncode)

    wd = a.workdir
    H.setup_sandbox(wd)
    # The client holds the flood: it needs more descriptors than the servers get.
    # Only the soft limit: the servers' prlimit may ask for more than the client needs.
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    need = a.flood + 1024
    resource.setrlimit(resource.RLIMIT_NOFILE, (need, max(hard, need) if hard != resource.RLIM_INFINITY else hard))
    others = H.OthersMeter()
    started = H.utc_now()
    result = {"started": started, "berth": os.environ.get("BERTH_BENCH_PROVENANCE", ""),
              "nofile": a.nofile, "flood": a.flood, "cmdline": a.cmdline}
    if a.memory:
        rows = memory(H.Berth(a.berth), wd, a)
        result["memory"] = rows
        print("| connections held | berth RSS | RSS per held connection |\n|---|---|---|")
        for r in rows:
            print("| %d | %.0f MB | %s |" % (r["held"], r["rss_mb"],
                  "%.1f KB" % r["per_conn_kb"] if r["per_conn_kb"] is not None else "(baseline %.0f MB)" % r["base_mb"]))
        held = [r for r in rows if r["held"]]
        if len(held) >= 2 and held[-1]["held"] > held[0]["held"]:
            slope = (held[-1]["rss_mb"] - held[0]["rss_mb"]) * 1024 / (held[-1]["held"] - held[0]["held"])
            result["per_conn_kb_slope"] = slope
            print("\nfrom %d to %d held connections: %.1f KB of RSS per connection" % (
                held[0]["held"], held[-1]["held"], slope))
    else:
        rows = []
        for s in servers(a.berth, a.only):
            H.log("flood: %s" % s.name)
            rows.append(scenario(s, wd, a))
        result["rows"] = rows
        print("| server | flood connected | ordinary request during the flood | after the flood closed |"
              " lines printed | RSS idle -> peak | most descriptors open | survived |\n|---|---|---|---|---|---|---|---|")
        for r in rows:
            if "error" in r:
                print("| %s | %s |  |  |  |  |  |  |" % (r["server"], r["error"].replace("|", "/").replace("\n", " ")))
                continue
            print("| %s | %d of %d | %s | %s | %d | %.0f -> %.0f MB | %d of %d | %s |" % (
                r["server"], r["flood_connected"], a.flood, fmt_answer(r["during"], r["during_s"]),
                fmt_answer(r["after"], r["after_s"]), r["lines"], r["rss_idle_mb"], r["rss_peak_mb"],
                r["peak_fds"], a.nofile,
                "yes" if r["survived"] else "**no**"))
        for r in rows:
            for line in r.get("sample", []):
                H.log("%s printed: %s" % (r["server"], line[:200]))
    result["others_cpu_percent"] = others.share()
    print("\nmachine: other work used %.0f%% of all cores during the run; %s; berth: %s" % (
        result["others_cpu_percent"], started, result["berth"]))
    os.makedirs(os.path.join(H.BENCH_DIR, "results"), exist_ok=True)
    with open(os.path.join(H.BENCH_DIR, "results", "flood-memory.json" if a.memory else "flood.json"), "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
