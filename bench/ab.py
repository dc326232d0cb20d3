#!/usr/bin/env python3
"""Alternating A/B timing of command lines: the tool behind bench/levers.md's rows.

    bench/ab.py [--runs N] [--mode exit|first200|rss] LABEL=COMMAND ...

Each round runs every command once, in the order given, so machine noise falls on all of them
alike; prints the median per label. COMMAND is split on spaces; PORT in it becomes a fresh
loopback port per run, HELD a port this script keeps listening (never accepting) on 127.0.0.1
for the whole run, for "port in use".

  exit      (default) wall time and CPU (user+sys of the command and its children) to exit,
            e.g. a usage error or a port in use
  first200  wall time from launch until GET / on 127.0.0.1:PORT answers 200; then SIGTERM
  rss       the server's VmRSS 2 s after its first 200 (the process launched; berth's launcher
            execs java, so that is the JVM)

Loopback only. Example (how levers.md's usage-error and busy-port rows were taken):

    bench/ab.py --runs 15 "old=/tmp/old/bin/berth serve --bind 1.2.3.999:80" \\
        "new=server-cli/target/berth/bin/berth serve --bind 1.2.3.999:80" \\
        "uvicorn=python3 -m uvicorn --app-dir bench --port x app:app"
    bench/ab.py --runs 15 "new=server-cli/target/berth/bin/berth serve --bind 127.0.0.1:HELD"
"""
import argparse
import resource
import signal
import socket
import statistics
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answered_200(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            return b" 200 " in s.recv(64)
    except OSError:
        return False


def until_200(proc, port, limit=30.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if answered_200(port):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    return False


def run_exit(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_server(argv, port, mode):
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        if not until_200(proc, port):
            raise SystemExit("no 200 from: " + " ".join(argv))
        wall = time.monotonic() - start
        if mode == "first200":
            return wall, None
        time.sleep(2)
        with open("/proc/%d/status" % proc.pid) as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        return rss / 1024.0, None
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--mode", choices=["exit", "first200", "rss"], default="exit")
    ap.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    a = ap.parse_args()
    specs = [c.split("=", 1) for c in a.commands]
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen(1)
    held_port = str(held.getsockname()[1])
    results = {label: ([], []) for label, _ in specs}
    for _ in range(a.runs):
        for label, command in specs:
            port = free_port()
            argv = [part.replace("PORT", str(port)).replace("HELD", held_port) for part in command.split()]
            first, second = run_exit(argv) if a.mode == "exit" else run_server(argv, port, a.mode)
            results[label][0].append(first)
            if second is not None:
                results[label][1].append(second)
    unit = {"exit": "s wall", "first200": "s to first 200", "rss": "MB idle RSS"}[a.mode]
    for label, (firsts, cpus) in results.items():
        line = "%-12s %.3f %s" % (label, statistics.median(firsts), unit)
        if cpus:
            line += ", %.3f s CPU" % statistics.median(cpus)
        print(line + " (median of %d)" % len(firsts))


if __name__ == "__main__":
    main()
