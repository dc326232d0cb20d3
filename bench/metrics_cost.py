#!/usr/bin/env python3
"""What --metrics costs: berth's requests/s with and without it, in one run (docs/performance.md, "Metrics cost").

Each round starts `berth serve` three times: plain, with `--metrics 127.0.0.1:0`, and with it while /metrics
is scraped every second (Prometheus's default is every 15 s); the order rotates from round to round (the next
server of a round otherwise pays for the previous one's exit). Each is warmed up with wrk, then measured with
`wrk -t2 -c64 -d<N>s --latency` on GET /.
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


def measure(berth, instances, metrics, scraped, seconds):
    proc, ports = start(berth, instances, metrics)
    try:
        wrk(ports[0], 3, latency=False)
        stop, scrapes = threading.Event(), []
        if scraped:
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
    # (label, --metrics, scraped every second); the order rotates from round to round
    variants = [("`berth serve`", False, False), ("`berth serve --metrics 127.0.0.1:0`, not scraped", True, False),
                ("`berth serve --metrics 127.0.0.1:0`, scraped every second", True, True)]
    runs = {v: [] for v in variants}
    ratios = {v: [] for v in variants[1:]}
    scrapes = 0
    for i in range(a.rounds):
        k = i % len(variants)
        for v in variants[k:] + variants[:k]:
            (rps, p99), n = measure(a.berth, a.instances, v[1], v[2], a.seconds)
            scrapes += n
            runs[v].append((rps, p99))
            print("round %d %-60s %9.0f req/s  p99 %7.2f ms" % (i + 1, v[0], rps, p99), flush=True)
        for v in variants[1:]:
            ratios[v].append(runs[v][-1][0] / runs[variants[0]][-1][0])
    load_after = os.getloadavg()
    # The load of a busy machine swings between rounds more than within one: the comparison is the
    # median of the per-round ratios, not the ratio of the medians.
    med = {v: (statistics.median(r for r, _ in runs[v]), statistics.median(p for _, p in runs[v])) for v in variants}
    for v in variants:
        print("%-60s median %9.0f req/s%s" % (v[0], med[v][0], "" if v not in ratios else
              "; median per-round ratio to plain %+.1f %%" % ((statistics.median(ratios[v]) - 1) * 100)))
    if not a.write:
        return
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    busy = max(load_before[0], load_after[0]) > os.cpu_count()
    lines = [SECTION, "",
             "`bench/metrics_cost.py --rounds %d --seconds %d` at commit %s, %d cores, `berth serve --instances %d`; "
             "wrk -t2 -c64 on GET / (the built-in app) over loopback, after a 3 s warm-up; one server at a time, the "
             "three configurations in a rotating order each round; %d scrapes of /metrics in all. Medians of %d runs."
             % (a.rounds, a.seconds, commit, os.cpu_count(), a.instances, scrapes, a.rounds), "",
             "| | requests/s | p99 | requests/s against plain, per round (median) |", "|---|---|---|---|"]
    for v in variants:
        lines.append("| %s | %.0f | %.2f ms | %s |" % (v[0], med[v][0], med[v][1], "" if v not in ratios else
                     "%s (%+.0f %%)" % (", ".join("%+.0f %%" % ((r - 1) * 100) for r in ratios[v]),
                                         (statistics.median(ratios[v]) - 1) * 100)))
    lines += ["", "Load average %.1f before and %.1f after the run: %s" % (load_before[0], load_after[0],
              "the machine was busy with other work (more runnable tasks than cores), so every row is low and noisy; "
              "read the per-round ratios, not the absolute figures." if busy else "the machine was otherwise quiet."), ""]
    text = open(a.write).read() if os.path.exists(a.write) else ""
    at = text.find("\n" + SECTION)
    if at >= 0:
        end = text.find("\n## ", at + 1)
        text = text[:at] + ("\n" + text[end + 1:] if end >= 0 else "\n")
    with open(a.write, "w") as f:
        f.write(text.rstrip("\n") + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
