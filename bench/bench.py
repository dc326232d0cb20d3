#!/usr/bin/python3
"""Benchmark: berth beside daphne, uvicorn, gunicorn, hypercorn and nginx, in one run.

    sudo bench/bench.sh                      # full run: medians of 5, wrk 3 x 10 s
    bench/bench.sh --runs 1 --wrk-runs 1 --wrk-seconds 2   # smoke
    bench/bench.sh --jvm-experiment          # also berth under JAVA_OPTS variants

Measured for every server in the same run (private network namespace, loopback only):

* launch -> first HTTP 200 (default, single-process configuration of each server)
* idle RSS one second after that 200 (the whole process tree, VmRSS summed)
* SIGTERM -> exit, after that 200 (signal to the main process)
* launch -> exit when the port is in use (held testkit-style)
* requests/s and p99 latency with `wrk -t2 -c64 -d<N>s --latency` on loopback, each server with
  as many workers as cores (berth --instances N; gunicorn, uvicorn, hypercorn -w N; nginx
  worker_processes N; daphne has no worker option: 1 process), after a warm-up run.

Launch, RSS, stop and port-in-use take the median of --runs runs, servers interleaved run by
run. Results: docs/performance.md, docs/performance.svg, bench/results/bench.json.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import startup as S  # noqa: E402
import tls as T  # noqa: E402

def _g1_defaults():
    """The JVM's own defaults that bin/berth overrides: G1 and an initial heap of 1/64 of RAM."""
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    return "-XX:-UseSerialGC -XX:+UseG1GC -Xms%dm" % max(8, kb // 1024 // 64)


# (label, BERTH_JAVA_OPTS, extra environment). bin/berth puts its own defaults first
# (-XX:+UseSerialGC -Xms8m and lib/berth.jsa when present); BERTH_JAVA_OPTS comes after them and
# wins; BERTH_NO_CDS=1 drops the archive.
JVM_VARIANTS = [
    ("launcher defaults", "", {}),
    ("launcher defaults, no AppCDS", "", {"BERTH_NO_CDS": "1"}),
    ("JVM defaults (G1, Xms 1/64 RAM), no AppCDS", "@G1", {"BERTH_NO_CDS": "1"}),
    ("+ C1 only", "-XX:TieredStopAtLevel=1", {}),
    ("+ Xmx64m", "-Xmx64m", {}),
    ("+ Xss512k", "-Xss512k", {}),
    ("+ MaxRAM=256m", "-XX:MaxRAM=256m", {}),
    ("+ C1 only, Xmx64m, Xss512k", "-XX:TieredStopAtLevel=1 -Xmx64m -Xss512k", {}),
]
# With a JDK 25+ on the machine: the same launcher on it, with and without its AOT cache
# (bin/berth-make-cds writes lib/berth-jdkVERSION.aot first when missing).
JDK25_VARIANTS = [
    ("JDK 25 + AOT cache", "", {}),
    ("JDK 25, no cache", "", {"BERTH_NO_CDS": "1"}),
    ("JDK 25 + AOT cache + compact object headers", "-XX:+UseCompactObjectHeaders", {}),
    ("JDK 25 + AOT cache, Xss256k, MaxMetaspaceSize=48m, ReservedCodeCacheSize=32m",
     "-Xss256k -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=32m", {}),
]


class BerthVariant(H.Berth):
    """berth under extra JVM flags, passed through BERTH_JAVA_OPTS (read by bin/berth)."""

    def __init__(self, launcher, label, opts, extra_env=None):
        super().__init__(launcher)
        self.name = "berth [%s]" % label
        self.opts = opts
        self.extra_env = extra_env or {}

    def env(self):
        return dict({"BERTH_JAVA_OPTS": self.opts}, **self.extra_env)


def env_of(server):
    return server.env() if hasattr(server, "env") else None


def measure_launch(server, wd):
    """-> (launch_to_accept s, launch_to_200 s, idle_rss_kb, sigterm_to_exit s) or Nones."""
    ep = H.ep_tcp("127.0.0.1", H.free_port())
    run = H.Run(server, [ep], wd, env_extra=env_of(server))
    times = {}
    try:
        ready = H.wait_http(run, ep, 30, times)
        if ready is None:
            H.log("  %s never served: %s" % (server.name, H.first_message(run.output())))
            return None, None, None, None
        time.sleep(1.0)
        rss = H.rss_kb(run.pid)
        t = time.monotonic()
        run.signal(signal.SIGTERM)
        rc = run.wait(15)
        stop = time.monotonic() - t if rc is not None else None
        return times.get("accept"), ready, rss, stop
    finally:
        run.kill()


def measure_inuse(server, wd):
    h = H.PortHolder("127.0.0.1", 0)
    try:
        run = H.Run(server, [H.ep_tcp("127.0.0.1", h.port)], wd, env_extra=env_of(server))
        rc = run.wait(30)
        t = run.exit_time()
        run.kill()
        return (t, rc) if rc is not None else (None, None)
    finally:
        h.close()


def measure_usage(server, wd):
    """launch -> exit of a usage error (seconds), or None if it did not exit non-zero."""
    env = dict(os.environ, **(env_of(server) or {}))
    env.pop(H.NS_MARKER, None)
    t = time.monotonic()
    r = subprocess.run(server.usage_argv(), cwd=wd, env=env, capture_output=True, timeout=60)
    took = time.monotonic() - t
    return took if r.returncode not in (0, None) else None


LAT = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.M)
RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
ERRS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
NON2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def parse_wrk(out):
    m, l = RPS.search(out), LAT.search(out)
    if not m or not l:
        return None
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[l.group(2)]
    e = ERRS.search(out)
    n = NON2XX.search(out)
    return {"rps": float(m.group(1)), "p99_ms": float(l.group(1)) * scale,
            "socket_errors": sum(map(int, e.groups())) if e else 0,
            "non2xx": int(n.group(1)) if n else 0}


def measure_wrk(server, wd, workers, runs, seconds, threads, conns, warmup, https=False, path="/"):
    ep = H.ep_tcp("127.0.0.1", H.free_port())
    if https:
        server = T.TlsServer(server, T.plan(server, "good", T.material(wd)))
    run = H.Run(server, [ep], wd, workers=workers, env_extra=env_of(server))
    try:
        if (T.wait_https(run, ep, 30) if https else H.wait_http(run, ep, 30)) is None:
            H.log("  %s (workers %s) never served: %s" % (server.name, workers, H.first_message(run.output())))
            return None
        time.sleep(1.0)
        rss = H.rss_kb(run.pid)
        url = "%s://127.0.0.1:%s%s" % ("https" if https else "http", ep[2], path)
        subprocess.run(["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % warmup, url],
                       capture_output=True, text=True, timeout=warmup + 30)
        res = []
        for _ in range(runs):
            out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % seconds,
                                  "--latency", url], capture_output=True, text=True,
                                 timeout=seconds + 30).stdout
            r = parse_wrk(out)
            if r is None:
                H.log("  wrk output not understood:\n" + out)
                continue
            res.append(r)
            H.log("  %-10s %8.0f req/s  p99 %7.2f ms  errors %d non-2xx %d"
                  % (server.name, r["rps"], r["p99_ms"], r["socket_errors"], r["non2xx"]))
        return {"runs": res, "rss_kb": rss,
                "processes": len(H.tree_pids(run.pid))}
    finally:
        run.kill()


def cpu_busy(seconds=3.0):
    """Share of all cores busy (any process, whole machine) over `seconds`: how quiet it is."""
    def snap():
        with open("/proc/stat") as f:
            v = list(map(int, f.readline().split()[1:]))
        return sum(v), v[3] + v[4]
    t0, i0 = snap()
    time.sleep(seconds)
    t1, i1 = snap()
    return 100.0 * (1 - (i1 - i0) / max(1, t1 - t0))


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# --------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------

METRICS = [
    # key, title, unit, better, format
    ("accept", "launch → accepting connections", "s", "lower", "%.3f"),
    ("launch", "launch → first HTTP 200", "s", "lower", "%.3f"),
    ("inuse", "launch → exit, port in use", "s", "lower", "%.3f"),
    ("usage", "launch → exit, usage error", "s", "lower", "%.3f"),
    ("stop", "SIGTERM → exit", "s", "lower", "%.3f"),
    ("rss_mb", "idle RSS (default config)", "MB", "lower", "%.1f"),
    ("rps", "requests/s (wrk, %d workers)", "req/s", "higher", "%.0f"),
    ("p99_ms", "p99 latency (wrk)", "ms", "lower", "%.2f"),
    ("rss_workers_mb", "idle RSS (%d workers)", "MB", "lower", "%.1f"),
    ("https_rps", "HTTPS requests/s (wrk, %d workers)", "req/s", "higher", "%.0f"),
    ("https_p99_ms", "HTTPS p99 latency (wrk)", "ms", "lower", "%.2f"),
]


def svg_chart(names, summary, workers, path):
    """Small multiples: one horizontal bar panel per metric; berth in its own colour."""
    mets = [m for m in METRICS if any(summary[n].get(m[0]) is not None for n in names)]
    cols = 2
    pw, bar, gap, top, left = 430, 18, 6, 38, 120
    ph = top + len(names) * (bar + gap) + 16
    rows = (len(mets) + cols - 1) // cols
    W, Hh = cols * pw + 20, rows * ph + 50
    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
         'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">' % (W, Hh, W, Hh),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="22" font-size="15" font-weight="bold">Berth beside its peers '
         '(median; loopback; %s)</text>' % esc(summary.get("_caption", ""))]
    for i, (key, title, unit, better, fmt) in enumerate(mets):
        x0 = 10 + (i % cols) * pw
        y0 = 40 + (i // cols) * ph
        t = title % workers if "%d" in title else title
        o.append('<text x="%d" y="%d" font-weight="bold">%s (%s, %s is better)</text>'
                 % (x0, y0 + 16, esc(t), unit, better))
        vals = [summary[n].get(key) for n in names]
        vmax = max([v for v in vals if v is not None] or [1]) or 1
        span = pw - left - 80
        for j, (n, v) in enumerate(zip(names, vals)):
            y = y0 + top - 10 + j * (bar + gap)
            o.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (x0 + left - 6, y + bar - 5, esc(n)))
            if v is None:
                o.append('<text x="%d" y="%d" fill="#888">n/a</text>' % (x0 + left, y + bar - 5))
                continue
            w = max(1, span * v / vmax)
            colour = "#d9480f" if n == "berth" else "#4c6ef5"
            o.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (x0 + left, y, w, bar, colour))
            o.append('<text x="%.1f" y="%d">%s</text>' % (x0 + left + w + 4, y + bar - 5, fmt % v))
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fmt_cell(v, base, fmt):
    if v is None:
        return "n/a"
    s = fmt % v
    if base:
        s += " (%.2f×)" % (v / base)
    return s


def targets(summary):
    b = summary.get("berth", {})
    def r(key, peer):
        p = summary.get(peer, {}).get(key)
        return None if b.get(key) is None or not p else b[key] / p
    rows = []
    def add(what, ratio, limit, op, shown):
        ok = None if ratio is None else (ratio <= limit if op == "<=" else ratio < limit if op == "<" else ratio >= limit)
        rows.append((what, shown % ratio if ratio is not None else "n/a", "%s %s" % (op, limit),
                     "n/a" if ok is None else ("met" if ok else "**not met**")))
    add("launch → exit on a port in use, berth / uvicorn", r("inuse", "uvicorn"), 1.0, "<=", "%.2f×")
    add("launch → exit on a port in use, berth / gunicorn", r("inuse", "gunicorn"), 0.1, "<", "%.3f×")
    add("usage error → exit, berth / uvicorn", r("usage", "uvicorn"), 1.0, "<=", "%.2f×")
    add("launch → first HTTP 200, berth / uvicorn", r("launch", "uvicorn"), 2.0, "<=", "%.2f×")
    add("(launch → first HTTP 200, berth / uvicorn, the 1.0× goal)", r("launch", "uvicorn"), 1.0, "<=", "%.2f×")
    add("requests/s, berth / nginx (equal workers)", r("rps", "nginx"), 1.0, ">=", "%.2f×")
    add("p99 latency, berth / nginx", r("p99_ms", "nginx"), 2.0, "<=", "%.2f×")
    add("HTTPS requests/s, berth / nginx (equal workers)", r("https_rps", "nginx"), 1.0, ">=", "%.2f×")
    rss = b.get("rss_mb")
    rows.append(("idle RSS, default launcher", "%.1f MB" % rss if rss else "n/a", "<= 64 MB",
                 "n/a" if rss is None else ("met" if rss <= 64 else "**not met**")))
    return rows


def write_md(path, svg_name, names, versions, summary, raw, mach, a, started, took, shared, jvm, uv1=None,
             breakdown=None, caches=None):
    workers = a.workers
    L = ["# Berth beside the servers people use: performance", "",
         "Generated by `%s` on %s (took %.0f s). Do not edit by hand: rerun the command."
         % (a.cmdline, started, took), "",
         "Reproduce (as root, Debian/Ubuntu; installs missing peers and wrk with apt-get and builds "
         "berth with Maven when needed):", "", "```", "bench/bench.sh", "```", "",
         "Machine: %s, **%s cores** (`nproc`), %s, kernel %s, %s; `java -version`: %s / %s; "
         "python %s. Other work on the machine used %.0f%% of its cores just before the run (3 s "
         "sample) and %.0f%% during it (all CPU time minus this run's own); load average %s at "
         "start, %s at the end (ours included)."
         % (mach["cpu"], mach["nproc"], mach["memory"], mach["kernel"], mach["os"],
            mach["java_version_line"], mach["java"], mach["python"], mach["busy_before"],
            mach["others_during"],
            mach["loadavg_at_start"], mach["loadavg_at_end"]), ""]
    if not shared and max(mach.get("busy_before", 0), mach.get("others_during", 0)) > 10:
        shared = ("other work used %.0f%% of its cores before and %.0f%% during the run"
                  % (mach["busy_before"], mach["others_during"]))
    if shared:
        L += ["**The machine was shared** during this run (%s): absolute numbers are noisy; the "
              "servers were interleaved run by run so that noise falls on all of them alike." % shared, ""]
    L += ["Servers: " + ", ".join("%s %s" % (n, versions[n]) for n in names) + ".", ""]
    if os.environ.get("BERTH_BENCH_PROVENANCE"):
        L += ["berth measured: %s." % os.environ["BERTH_BENCH_PROVENANCE"], ""]
    L += [
          "Medians of %d runs for launch, exit and RSS; requests/s and p99 are medians of %d wrk "
          "runs of %d s each (`wrk -t%d -c%d -d%ds --latency`, after a %d s warm-up), on loopback "
          "in a private network namespace, wrk on the same %s cores as the server. "
          "(×) is the ratio to berth's value (peer / berth)."
          % (a.runs, a.wrk_runs, a.wrk_seconds, a.wrk_threads, a.wrk_conns, a.wrk_seconds,
             a.warmup, mach["nproc"]), "",
          "![performance chart](%s)" % svg_name, ""]
    L.append("| metric | " + " | ".join(names) + " |")
    L.append("|---|" + "---|" * len(names))
    for key, title, unit, better, fmt in METRICS:
        t = title % workers if "%d" in title else title
        base = summary.get("berth", {}).get(key)
        L.append("| %s (%s) | " % (t, unit) + " | ".join(
            fmt_cell(summary[n].get(key), base if n != "berth" else None, fmt) for n in names) + " |")
    L.append("| wrk socket errors + non-2xx, all runs | " + " | ".join(
        str(summary[n].get("wrk_errors", "n/a")) for n in names) + " |")
    L += ["", "## Targets (berth's ratio to a peer, this run)", "",
          "| target | measured | goal | verdict |", "|---|---|---|---|"]
    for row in targets(summary):
        L.append("| %s | %s | %s | %s |" % row)
    if jvm:
        L += ["", "## Experiment: JVM flags for berth's launcher", "",
              "Same measurements for berth alone (default configuration, medians of %d runs; "
              "throughput from one wrk run each). `bin/berth` starts java with its own defaults "
              "(`-XX:+UseSerialGC -Xms8m`, plus `-XX:SharedArchiveFile=lib/berth.jsa` when the "
              "build wrote that AppCDS archive); `BERTH_JAVA_OPTS` comes after them and wins, "
              "`BERTH_NO_CDS=1` drops the archive. \"+ X\" means launcher defaults plus X. The JDK 25 rows "
              "run the same launcher with `JAVA_HOME` set to a JDK 25, where it uses the AOT cache "
              "`lib/berth-jdkVERSION.aot` instead of the AppCDS archive (JEP 483/514/515; "
              "`BERTH_NO_CDS=1` drops it too); these rows are the JDK 17 vs 25 comparison." % a.jvm_runs, "",
              "| variant | launch → accepting (s) | launch → 200 (s) | port in use → exit (s) | usage error → exit (s) | SIGTERM → exit (s) | idle RSS (MB) "
              "| req/s, %d instances (1 run) | p99 (ms) |" % workers,
              "|---|---|---|---|---|---|---|---|---|"]
        for label, opts, s in jvm:
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label,
                *[("%.3f" % s[k]) if s.get(k) is not None else "n/a" for k in ("accept", "launch", "inuse", "usage", "stop")],
                ("%.1f" % s["rss_mb"]) if s.get("rss_mb") is not None else "n/a",
                ("%.0f" % s["rps"]) if s.get("rps") is not None else "n/a",
                ("%.2f" % s["p99_ms"]) if s.get("p99_ms") is not None else "n/a"))
        L += ["", "Flags per variant:", ""]
        for label, opts, s in jvm:
            L.append("- %s: `%s`" % (label, opts or "(nothing added)"))
        if caches:
            L += ["", "Class cache in use, as `berth --version` reports it: " + "; ".join(
                "%s: `%s`" % kv for kv in caches.items()) + "."]
    if breakdown:
        L += S.markdown(breakdown, a.breakdown_runs)
    levers = os.path.join(H.BENCH_DIR, "levers.md")
    if os.path.exists(levers):
        with open(levers) as f:
            L += ["", f.read().rstrip()]
    L += ["", "## Notes", "",
          "- Each server serves a 2-byte `ok` (berth: its built-in `/`; nginx: `return 200 \"ok\";`; "
          "the Python peers: `bench/app.py`, ASGI for daphne/uvicorn/hypercorn, WSGI for gunicorn).",
          "- HTTPS rows (berth and nginx only, `--no-https` skips them): the same wrk on "
          "`https://127.0.0.1:PORT/`, same workers, one self-signed RSA-2048 certificate made by "
          "bench/tls.py; berth `--bind https://... --tls-cert --tls-key` (h2 offered by ALPN; wrk "
          "speaks HTTP/1.1), nginx `listen ... ssl` with its defaults; a warm-up of at least 10 s "
          "for both (a JVM's first TLS handshakes are slow until the JIT has compiled them). berth "
          "uses the JDK's TLS engine (no OpenSSL binding on its class path).",
          "- Peers run with their defaults otherwise: gunicorn's default `sync` worker closes the "
          "connection after each response (no keep-alive), so its requests/s includes reconnects; "
          "daphne has no worker option and runs one process.",
          "- Launch is measured from `fork/exec` by polling every 5 ms with a fresh connection and a "
          "`GET /`: \"accepting\" is the first successful connect, \"first HTTP 200\" the first "
          "complete answer (later for servers that bind in a master and serve in workers).",
          "- RSS is VmRSS summed over the server's process tree (forked workers share pages, so "
          "this overstates multi-process servers a little).",
          "- \"wrk socket errors\" are wrk's own count (connect, read, write, timeout); requests/s "
          "counts complete responses only. hypercorn's are read errors (the server closed "
          "connections while wrk was reading; wrk reconnects).",
          "- berth runs from the directory its build wrote, where the AppCDS archive "
          "`lib/berth.jsa` is valid: JDK 17 records the class path in the archive, and a moved or "
          "copied distribution runs without it (`shared class paths mismatch`, hidden by the "
          "launcher's `-Xlog:cds=off`).",
          "- Port in use: the port is held testkit-style (listening, not accepting, no SO_REUSEPORT).",
          "- Raw numbers of the run: `bench/results/bench.json` on the machine that ran it (git-ignored)."]
    if uv1 and uv1["runs"] and summary.get("uvicorn", {}).get("rps"):
        r = uv1["runs"][0]
        L.append("- uvicorn %s with `--workers %d` served %.0f req/s (p99 %.2f ms) where one uvicorn "
                 "process, measured the same way in this run (1 wrk run), served %.0f req/s (p99 %.2f ms). "
                 "The likely cause, read in uvicorn 0.17.6's source: with `--workers` it binds the socket "
                 "itself with `socket.socket(family=...)` (proto 0), and asyncio sets TCP_NODELAY only "
                 "on sockets whose proto is IPPROTO_TCP, so responses written in two parts wait for "
                 "delayed ACKs (the workers' mean latency sits near 40 ms). The table keeps the "
                 "equal-workers configuration the comparison asks for."
                 % (versions.get("uvicorn", "?"), workers, summary["uvicorn"]["rps"],
                    summary["uvicorn"]["p99_ms"], r["rps"], r["p99_ms"]))
    L.append("")
    # The restart, container and metrics-cost sections are bench/restart.py's, bench/container-start.sh's
    # and bench/metrics_cost.py's (separate commands): keep them across reruns.
    kept = ""
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
        for heading in ("\n## Restart under load", "\n## Container image", "\n## Metrics cost",
                        "\n## Throughput: berth beside nginx"):
            at = old.find(heading)
            # only that section: a static-file section after it is this run's to write again
            end = old.find("\n## ", at + 1) if at >= 0 else -1
            kept += (old[at:end] + "\n" if end >= 0 else old[at:]) if at >= 0 else ""
    with open(path, "w") as f:
        f.write("\n".join(L) + kept)


# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--berth", default=H.DEFAULT_BERTH)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--wrk-runs", type=int, default=3)
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--wrk-conns", type=int, default=64)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--no-wrk", action="store_true")
    ap.add_argument("--no-https", action="store_true", help="skip the HTTPS wrk row (berth and nginx)")
    ap.add_argument("--jvm-experiment", action="store_true")
    ap.add_argument("--jvm-runs", type=int, default=3, help="runs per JVM variant (default 3)")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the start-up breakdown (bench/startup.py)")
    ap.add_argument("--breakdown-runs", type=int, default=3, help="runs per path and JDK in the breakdown")
    ap.add_argument("--shared", default="", help="say in the doc that the machine was shared (why)")
    ap.add_argument("--out", default=os.path.join(H.REPO, "docs", "performance.md"))
    ap.add_argument("--build-from-head", action="store_true",
                    help="measure berth built from `git archive HEAD` in a temp dir")
    ap.add_argument("--static-files", action="store_true",
                    help="add the static-file row (berth --static, nginx root, python3 -m http.server)")
    ap.add_argument("--static-only", action="store_true",
                    help="measure the static-file row only and write just that section to --out")
    ap.add_argument("--no-setup", action="store_true")
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--cmdline", default="bench/bench.sh", help=argparse.SUPPRESS)
    a = ap.parse_args()

    if os.environ.get(H.NS_MARKER) != "1":
        names = a.only or (["berth", "nginx"] if a.static_only else ["berth", "daphne", "uvicorn", "gunicorn", "hypercorn", "nginx"])
        if not a.no_setup:
            H.ensure_packages([n for n in names if n != "berth"] + ([] if a.no_wrk else ["wrk"]))
        prov = None
        if "berth" in names and a.build_from_head:
            launcher, prov = H.build_from_head()
        else:
            launcher = H.ensure_berth(a.berth) if "berth" in names else None
        wd, _ = H.make_workdir(None)  # berth runs in place: a moved copy would lose its AppCDS archive
        wl = launcher
        os.environ["BERTH_BENCH_PROVENANCE"] = prov or (H.berth_provenance(launcher) if launcher else "")
        argv = [os.path.abspath(__file__)] + [x for x in sys.argv[1:]] + ["--workdir", wd]
        if wl:
            argv += ["--berth", wl]
        env = dict(os.environ, **{H.NS_MARKER: "1"})
        r = subprocess.run(["unshare", "--net", "--mount", "--", H.PY] + argv, env=env)
        import shutil
        shutil.rmtree(wd, ignore_errors=True)
        sys.exit(r.returncode)

    wd = a.workdir
    H.setup_sandbox(wd)
    if a.static_only:
        import static_files
        res, vers = static_files.measure(measure_wrk, a.berth, wd, a)
        section = static_files.markdown(res, vers, a, os.environ.get("BERTH_BENCH_PROVENANCE", ""))
        with open(a.out, "w") as f:
            f.write("# Static files (bench/bench.sh --static-only)\n" + section)
        os.makedirs(os.path.join(H.BENCH_DIR, "results"), exist_ok=True)
        with open(os.path.join(H.BENCH_DIR, "results", "static.json"), "w") as f:
            json.dump({"result": res, "versions": vers, "args": vars(a)}, f, indent=1)
        print(section)
        return
    servers = H.all_servers(a.berth, a.only)
    names = [s.name for s in servers]
    versions = {s.name: s.version() for s in servers}
    mach = H.machine()
    busy_before = cpu_busy()
    H.log("machine busy before start: %.0f%% of all cores" % busy_before)
    started, t0 = H.utc_now(), time.monotonic()
    others = H.OthersMeter()
    raw = {n: {"launch": [], "rss_kb": [], "stop": [], "inuse": [], "inuse_rc": []} for n in names}

    def launch_round(svs, rawd, i):
        for s in svs:
            acc, l, rss, st = measure_launch(s, wd)
            t, rc = measure_inuse(s, wd)
            d = rawd[s.name]
            if hasattr(s, "usage_argv"):
                d.setdefault("usage", []).append(measure_usage(s, wd))
            d.setdefault("accept", []).append(acc)
            d["launch"].append(l); d["rss_kb"].append(rss); d["stop"].append(st)
            d["inuse"].append(t); d["inuse_rc"].append(rc)
            H.log("run %d %-10s accept %s  200 %s  rss %s kB  stop %s  in-use exit %s after %s"
                  % (i + 1, s.name, acc and "%.3f" % acc, l and "%.3f" % l, rss, st and "%.3f" % st, rc, t and "%.3f" % t))

    for i in range(a.runs):
        launch_round(servers if i % 2 == 0 else list(reversed(servers)), raw, i)

    wrk = {}
    if not a.no_wrk:
        for s in servers:
            wrk[s.name] = measure_wrk(s, wd, a.workers, a.wrk_runs, a.wrk_seconds, a.wrk_threads,
                                      a.wrk_conns, a.warmup)

    # HTTPS: berth and nginx only (TLS in the same run, same workers, same wrk; see bench/tls.py)
    wrk_https = {}
    if not a.no_wrk and not a.no_https:
        for s in servers:
            if s.name in ("berth", "nginx"):
                # A JVM's first TLS handshakes are slow until the JIT has compiled the JDK's TLS
                # code (measured: a 3 s wrk right after start completed 0 requests); both servers
                # get the same longer warm-up.
                wrk_https[s.name] = measure_wrk(s, wd, a.workers, a.wrk_runs, a.wrk_seconds, a.wrk_threads,
                                                a.wrk_conns, max(a.warmup, 10), https=True)

    # uvicorn 0.17 with --workers is far slower than one process here; show both, measured alike
    uv1 = None
    if not a.no_wrk and "uvicorn" in names:
        uv1 = measure_wrk(H.Uvicorn(), wd, None, 1, a.wrk_seconds, a.wrk_threads, a.wrk_conns, a.warmup)
        wrk["uvicorn (1 process)"] = uv1

    summary = {}
    for n in names:
        d = raw[n]
        sm = {"accept": med(d.get("accept", [])), "launch": med(d["launch"]), "stop": med(d["stop"]), "inuse": med(d["inuse"]),
              "usage": med(d.get("usage", [])),
              "rss_mb": (med(d["rss_kb"]) / 1024) if med(d["rss_kb"]) else None}
        w = wrk.get(n)
        if w and w["runs"]:
            sm["rps"] = med([r["rps"] for r in w["runs"]])
            sm["p99_ms"] = med([r["p99_ms"] for r in w["runs"]])
            sm["rss_workers_mb"] = w["rss_kb"] / 1024
            sm["wrk_errors"] = sum(r["socket_errors"] + r["non2xx"] for r in w["runs"])
        w = wrk_https.get(n)
        if w and w["runs"]:
            sm["https_rps"] = med([r["rps"] for r in w["runs"]])
            sm["https_p99_ms"] = med([r["p99_ms"] for r in w["runs"]])
        summary[n] = sm

    j25 = S.jdk25() if "berth" in names else None
    caches = {}
    if j25:
        caches["JDK 25"] = S.ensure_aot_cache(a.berth, j25)
    if "berth" in names:
        caches["default java"] = S.cache_line(a.berth, {})
    breakdown = None
    if "berth" in names and not a.no_breakdown:
        configs = [("JDK 17 + AppCDS (launcher default)", {}), ("JDK 17, no cache", {"BERTH_NO_CDS": "1"})]
        if j25:
            configs += [("JDK 25 + AOT cache", {"JAVA_HOME": j25}),
                        ("JDK 25, no cache", {"JAVA_HOME": j25, "BERTH_NO_CDS": "1"})]
        breakdown = S.measure(a.berth, configs, wd, a.breakdown_runs)
        raw["_breakdown"] = breakdown

    jvm = []
    jvm_variants = JVM_VARIANTS + ([(l, o, dict(e, JAVA_HOME=j25)) for l, o, e in JDK25_VARIANTS] if j25 else [])
    if a.jvm_experiment and "berth" in names:
        variants = [BerthVariant(a.berth, label, opts.replace("@G1", _g1_defaults()), env)
                    for label, opts, env in jvm_variants]
        jraw = {v.name: {"launch": [], "rss_kb": [], "stop": [], "inuse": [], "inuse_rc": []} for v in variants}
        for i in range(a.jvm_runs):
            launch_round(variants if i % 2 == 0 else list(reversed(variants)), jraw, i)
        for (label, _, env), v in zip(jvm_variants, variants):
            d = jraw[v.name]
            js = {"accept": med(d.get("accept", [])), "launch": med(d["launch"]), "stop": med(d["stop"]),
                  "inuse": med(d["inuse"]), "usage": med(d.get("usage", [])),
                  "rss_mb": (med(d["rss_kb"]) / 1024) if med(d["rss_kb"]) else None}
            if not a.no_wrk:
                w = measure_wrk(v, wd, a.workers, 1, a.wrk_seconds, a.wrk_threads, a.wrk_conns, a.warmup)
                if w and w["runs"]:
                    js["rps"], js["p99_ms"] = w["runs"][0]["rps"], w["runs"][0]["p99_ms"]
            shown = " ".join(["%s=%s" % kv for kv in env.items()] +
                             (["BERTH_JAVA_OPTS=\"%s\"" % v.opts] if v.opts else []))
            jvm.append((label, shown, js))
        raw["_jvm"] = jraw

    took = time.monotonic() - t0
    mach["busy_before"] = busy_before
    mach["others_during"] = others.share()
    H.log("other work used %.0f%% of the cores during the run" % mach["others_during"])
    with open("/proc/loadavg") as f:
        mach["loadavg_at_end"] = " ".join(f.read().split()[:3])
    os.makedirs(os.path.join(H.BENCH_DIR, "results"), exist_ok=True)
    with open(os.path.join(H.BENCH_DIR, "results", "bench.json"), "w") as f:
        json.dump({"machine": mach, "versions": versions, "started": started, "args": vars(a),
                   "raw": raw, "wrk": wrk, "wrk_https": wrk_https, "summary": summary,
                   "jvm": [(l, o, s) for l, o, s in jvm]}, f, indent=1)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    summary["_caption"] = "%s cores, %s" % (mach["nproc"], started)
    svg = os.path.join(os.path.dirname(a.out), "performance.svg")
    svg_chart(names, summary, a.workers, svg)
    summary.pop("_caption")
    write_md(a.out, os.path.basename(svg), names, versions, summary, raw, mach, a, started, took,
             a.shared, jvm, uv1, breakdown, caches)
    if a.static_files and not a.no_wrk:
        import static_files
        res, vers = static_files.measure(measure_wrk, a.berth, wd, a)
        with open(a.out, "a") as f:
            f.write(static_files.markdown(res, vers, a, os.environ.get("BERTH_BENCH_PROVENANCE", "")))
    # the table on the terminal too
    with open(a.out) as f:
        print(f.read())
    H.log("wrote", a.out, "and", svg)


if __name__ == "__main__":
    main()
