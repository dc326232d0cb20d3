#!/usr/bin/env python3
"""What --metrics costs: berth's requests/s with and without it, in one run (docs/performance.md, "Metrics cost").

Each round starts `berth serve` twice, once plain and once with `--metrics 127.0.0.1:0` (the order alternates
from round to round: the second server of a round otherwise pays for the first one's exit), warms it up
with wrk, then measures `wrk -t2 -c64 -d<N>s --latency` on GET /. While the metrics server is loaded,
/metrics is scraped every second (Prometheus's default is every 15 s), so the figure includes scrapes.
Loopback only. Needs wrk; berth's distribution (mvn package) or --berth PATH.

usage: bench/metrics_cost.py [--berth PATH] [--rounds 3] [--seconds 10] [--write docs/performance.md]
"""
import argparse, os, re, signal, statistics, subprocess, sys, threading, time, urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LISTENING = re.compile(r"listening on http://[0-9.]+:(\d+)")
RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
P99 = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.M)
SECTION = "## Metrics cost"


def start(berth, instances, metrics):
    cmd = [berth, "serve", "--bind", "127.0.0.1:0", "--instances", str(instances)]
    if metrics:
        cmd += ["--metrics", "127.0.0.1:0"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    ports, deadline = [], time.monotonic() + 60
    while len(ports) < (2 if metrics else 1):
        line = proc.stderr.readline()
        if not line or time.monotonic() > deadline:
            proc.kill()
            sys.exit("berth did not become ready: %r" % line)
        m = LISTENING.search(line)
        if m:
            ports.append(int(m.group(1)))
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    return proc, ports


def wrk(port, seconds, latency=True):
    out = subprocess.run(["wrk", "-t2", "-c64", "-d%ds" % seconds] + (["--latency"] if latency else [])
                         + ["http://127.0.0.1:%d/" % port], capture_output=True, text=True, timeout=seconds + 60).stdout
    m, p = RPS.search(out), P99.search(out)
    if not m:
        sys.exit("wrk output not understood:\n" + out)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[p.group(2)] if p else float("nan")
    return float(m.group(1)), (float(p.group(1)) * scale if p else float("nan"))


def scraper(port, stop, counts):
    while not stop.wait(1.0):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5) as r:
            r.read()
            counts.append(r.status)


def measure(berth, instances, metrics, seconds):
    proc, ports = start(berth, instances, metrics)
    try:
        wrk(ports[0], 3, latency=False)
        stop, scrapes = threading.Event(), []
        if metrics:
            threading.Thread(target=scraper, args=(ports[1], stop, scrapes), daemon=True).start()
        result = wrk(ports[0], seconds)
        stop.set()
        return result, len(scrapes)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--berth", default=os.path.join(REPO, "server-cli", "target", "berth", "bin", "berth"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--instances", type=int, default=os.cpu_count())
    ap.add_argument("--write", help="replace the '%s' section of this markdown file" % SECTION)
    a = ap.parse_args()
    load_before = os.getloadavg()
    runs = {False: [], True: []}
    scrapes = 0
    ratios = []
    for i in range(a.rounds):
        for metrics in ((False, True) if i % 2 == 0 else (True, False)):
            (rps, p99), n = measure(a.berth, a.instances, metrics, a.seconds)
            scrapes += n
            runs[metrics].append((rps, p99))
            print("round %d %-16s %9.0f req/s  p99 %7.2f ms" % (i + 1, "--metrics" if metrics else "plain", rps, p99),
                  flush=True)
        ratios.append(runs[True][-1][0] / runs[False][-1][0])
    load_after = os.getloadavg()
    med = {k: (statistics.median(r for r, _ in v), statistics.median(p for _, p in v)) for k, v in runs.items()}
    # The load of a busy machine swings between rounds more than between the two runs of one round:
    # the headline is the median of the per-round ratios, not the ratio of the medians.
    ratio = statistics.median(ratios)
    print("median: plain %.0f req/s, --metrics %.0f req/s; median per-round ratio %.1f %%"
          % (med[False][0], med[True][0], (ratio - 1) * 100))
    if not a.write:
        return
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [SECTION, "",
             "`bench/metrics_cost.py --rounds %d --seconds %d` at commit %s, %d cores, `berth serve --instances %d`; "
             "wrk -t2 -c64 on GET / (the built-in app) over loopback; the `--metrics` server scraped every second while "
             "loaded (%d scrapes in all). Median of %d runs each, plain and `--metrics` alternating."
             % (a.rounds, a.seconds, commit, os.cpu_count(), a.instances, scrapes, a.rounds), "",
             "| | requests/s | p99 |", "|---|---|---|",
             "| `berth serve` (median) | %.0f | %.2f ms |" % med[False],
             "| `berth serve --metrics 127.0.0.1:0` (median) | %.0f | %.2f ms |" % med[True],
             "", "Per round, `--metrics` over plain: %s requests/s; median %+.1f %%. Load average %.1f before and %.1f "
             "after the run: " % (", ".join("%+.0f %%" % ((r - 1) * 100) for r in ratios), (ratio - 1) * 100,
                                   load_before[0], load_after[0])
             + ("the machine was busy with other work (more runnable tasks than cores), so both rows are low and noisy; "
                "the comparison, not the absolute figure, is what this section measures."
                if max(load_before[0], load_after[0]) > os.cpu_count() else "the machine was otherwise quiet."), ""]
    text = open(a.write).read() if os.path.exists(a.write) else ""
    at = text.find("\n" + SECTION)
    if at >= 0:
        end = text.find("\n## ", at + 1)
        text = text[:at] + ("\n" + text[end + 1:] if end >= 0 else "\n")
    with open(a.write, "w") as f:
        f.write(text.rstrip("\n") + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
