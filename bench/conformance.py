#!/usr/bin/python3
"""Conformance suite: the same bind-failure and signal scenarios against berth and its peers.

    sudo bench/conformance.py            # or: bench/conformance.sh
    bench/conformance.py --only berth    # berth alone (what CI needs)
    bench/conformance.py --berth PATH    # another launcher than server-cli/target/berth/bin/berth

Setup is part of the command: missing peers are installed from Debian's packages (daphne,
python3-uvicorn, gunicorn, python3-hypercorn, nginx-light) and berth's distribution is built with
Maven when missing. The scenarios then run inside a private network + mount namespace (see
harness.py): nothing, DNS included, can leave the machine.

It records, per server and scenario: exit code, time from launch to exit, the first meaningful
line of output, and side effects (what the process tree really listened on, whether a live unix
server was still reachable, whether the first of two endpoints was left listening). It asserts
berth's contract (docs: exit codes) and only those peer facts that check the harness itself.
It writes docs/comparison.md (and bench/results/conformance.json) and exits 1 if berth failed
an assertion or the harness failed a self-check.
"""

import argparse
import sys
sys.dont_write_bytecode = True
import json
import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import tls as T  # noqa: E402

FAIL_TIMEOUT = 15.0   # a failing start that has not exited by then is "still running"
READY_TIMEOUT = 20.0


class Ctx:
    def __init__(self, wd, dns):
        self.wd, self.dns = wd, dns
        self.n = 0
        self.reports = os.path.join(wd, "reports")  # writable by nobody too (privileged row)
        os.makedirs(self.reports, exist_ok=True)
        os.chmod(self.reports, 0o1777)

    def path(self, name):
        self.n += 1
        return os.path.join(self.wd, "s%d-%s" % (self.n, name))


def observe_failure(server, ctx, eps, target, user=None, watch_first=None, unix_holder=None):
    """Launches a start that should fail; watches until it exits or FAIL_TIMEOUT passes."""
    res = {"side": []}
    first_ok = []
    stop = threading.Event()

    def poll_first():
        host, port = watch_first
        while not stop.is_set():
            if H.can_connect(host, port, timeout=0.1):
                first_ok.append(run.elapsed())
            time.sleep(0.005)

    run = H.Run(server, eps, ctx.wd, user=user)
    if watch_first:
        threading.Thread(target=poll_first, daemon=True).start()
    served_at = None
    stolen = False
    rc = None
    while run.elapsed() < FAIL_TIMEOUT:
        rc = run.wait(0.05)
        if rc is not None:
            break
        if unix_holder is not None:
            try:
                if os.stat(unix_holder.path).st_ino != unix_holder.inode:
                    stolen = True
            except OSError:
                stolen = True
        ls = H.listening(run.pid)
        if any(l == target or (target.rsplit(":", 1)[-1] == l.rsplit(":", 1)[-1]
                               and not target.startswith("unix:") and not l.startswith("unix:"))
               for l in ls):
            served_at = run.elapsed()
            time.sleep(0.5)
            break
    if rc is None:
        if served_at is not None:
            res["side"].append("LISTENED on the failing endpoint (%.2f s); stopped by harness" % served_at)
            res["exit"] = "served"
        else:
            res["side"].append("still running after %.0f s, killed" % FAIL_TIMEOUT)
            res["exit"] = "running"
        res["time"] = None
        run.kill()
    else:
        res["exit"] = rc
        res["time"] = run.exit_time()
        run.kill()
    time.sleep(0.05)
    stop.set()
    if watch_first:
        if first_ok:
            span = first_ok[-1] - first_ok[0]
            res["first_listened"] = span
            res["side"].append("1st endpoint listened %.2f s (%.2f-%.2f s after launch)"
                               % (span, first_ok[0], first_ok[-1]))
        else:
            res["first_listened"] = 0.0
            res["side"].append("1st endpoint never seen listening")
    if unix_holder is not None:
        reach = unix_holder.reachable()
        res["live_reachable"] = reach
        if stolen:
            res["side"].append("STOLE the path")
        res["side"].append("live server still reachable" if reach else "LIVE SERVER UNREACHABLE")
    key = target[5:] if target.startswith("unix:") else target.rsplit(":", 1)[-1]
    res["msg"] = H.first_message(run.output(), key)
    res["output"] = run.output()[-4000:]
    return res


def observe_success(server, ctx, eps, stop_sig=signal.SIGTERM):
    """Launches a start that should serve; waits for a 200, sends stop_sig, times the exit."""
    res = {"side": []}
    run = H.Run(server, eps, ctx.wd)
    ready = H.wait_http(run, eps[0], READY_TIMEOUT)
    if ready is None:
        rc = run.poll()
        res["exit"] = rc if rc is not None else "running"
        res["time"] = run.exit_time()
        res["side"].append("never served a 200")
        res["ready"] = None
        run.kill()
    else:
        res["ready"] = ready
        time.sleep(0.3)
        t = time.monotonic()
        run.signal(stop_sig)
        rc = run.wait(15)
        if rc is None:
            res["exit"] = "running"
            res["side"].append("still running 15 s after %s, killed" % stop_sig.name)
            res["time"] = None
        else:
            res["exit"] = rc
            res["time"] = time.monotonic() - t
        left = H.listening(run.pid) if rc is None else set()
        run.kill()
        res["side"].append("ready (HTTP 200) after %.2f s" % ready)
        if left:
            res["side"].append("still listening: %s" % ", ".join(sorted(left)))
    ep = eps[0]
    key = ep[1] if ep[0] == "unix" else ep[2]
    said = [l.strip() for l in run.output().splitlines() if key in l]
    res["msg"] = H.STAMP.sub("", said[0]) if said else H.first_message(run.output())
    res["output"] = run.output()[-4000:]
    return res


# --------------------------------------------------------------------------------------------
# scenarios: (id, title, kind, berth expectation, function(server, ctx) -> result)
# --------------------------------------------------------------------------------------------

def sc_in_use(hold_host, bind_host, dual=False):
    def f(server, ctx):
        h = H.PortHolder(hold_host, 0, dual=dual)
        try:
            ep = H.ep_tcp(bind_host, h.port)
            return observe_failure(server, ctx, [ep], H.ep_text(ep))
        finally:
            h.close()
    return f


def sc_privileged(server, ctx):
    if os.geteuid() != 0:
        return {"skip": "not root: cannot run the server as nobody"}
    with open("/proc/sys/net/ipv4/ip_unprivileged_port_start") as fh:
        start = int(fh.read())
    if start <= 80:
        return {"skip": "ip_unprivileged_port_start=%d: port 80 is not privileged here" % start}
    ep = H.ep_tcp("127.0.0.1", 80)
    return observe_failure(server, ctx, [ep], H.ep_text(ep), user="nobody")


def sc_not_local(server, ctx):
    ep = H.ep_tcp("192.0.2.1", H.free_port())
    return observe_failure(server, ctx, [ep], H.ep_text(ep))


def sc_unresolved(server, ctx):
    before = len(ctx.dns.names)
    ep = H.ep_tcp("nonexistent.invalid", H.free_port())
    r = observe_failure(server, ctx, [ep], H.ep_text(ep))
    q = ctx.dns.names[before:]
    r["side"].append("%d DNS queries, all answered NXDOMAIN on the private loopback" % len(q))
    return r


def sc_port(text):
    def f(server, ctx):
        ep = ("tcp", "127.0.0.1", text)
        return observe_failure(server, ctx, [ep], H.ep_text(ep))
    return f


def sc_unix_missing_dir(server, ctx):
    p = os.path.join(ctx.path("nodir"), "app.sock")
    return observe_failure(server, ctx, [H.ep_unix(p)], "unix:" + p)


def sc_unix_live(server, ctx):
    p = ctx.path("live.sock")
    holder = H.UnixHolder(p)
    try:
        return observe_failure(server, ctx, [H.ep_unix(p)], "unix:" + p, unix_holder=holder)
    finally:
        holder.close()
        if os.path.exists(p):
            os.unlink(p)


def sc_unix_stale(server, ctx):
    p = ctx.path("stale.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(p)
    s.close()  # the file stays: a stale socket, nobody listening
    r = observe_success(server, ctx, [H.ep_unix(p)])
    r["socket_left"] = os.path.exists(p)
    r["side"].append("socket file %s after stop" % ("LEFT" if r["socket_left"] else "removed"))
    if os.path.exists(p):
        os.unlink(p)
    return r


def sc_two(server, ctx):
    if not server.multi:
        return {"na": "one endpoint per start"}
    p1 = H.free_port()
    h = H.PortHolder("127.0.0.1", 0)
    try:
        eps = [H.ep_tcp("127.0.0.1", p1), H.ep_tcp("127.0.0.1", h.port)]
        return observe_failure(server, ctx, eps, H.ep_text(eps[1]), watch_first=("127.0.0.1", p1))
    finally:
        h.close()


SHIM = os.path.join(H.REPO, "server-testkit", "src", "main", "resources", "dev", "berth", "testkit", "pass-sockets.py")


class Handed:
    """A server started through server-testkit's pass-sockets.py: descriptor 3 and LISTEN_* set
    as `spec` says, the server told to serve descriptor 3 (berth: --bind systemd)."""

    def __init__(self, server, spec):
        self.server, self.spec, self.name = server, spec, server.name

    def prepare(self, eps, wd, workers=None):
        pass

    def argv(self, eps, wd, workers=None):
        return [sys.executable, SHIM] + self.spec + ["--"] + self.server.fd_argv(wd)


def sc_handed(kind, pid=None):
    """Hands the server a socket on 127.0.0.1:PORT as descriptor 3 and records whether it
    served HTTP there, what it listened on besides, and how it ended."""
    def f(server, ctx):
        if server.fd_argv(ctx.wd) is None:
            return {"na": "no way to serve an inherited descriptor"}
        port = H.free_port()
        spec = ["--socket", kind, "127.0.0.1:%d" % port, "web"] + (["--listen-pid", pid] if pid else [])
        res = {"side": []}
        run = H.Run(Handed(server, spec), [], ctx.wd)
        ready = H.wait_http(run, H.ep_tcp("127.0.0.1", port), FAIL_TIMEOUT)
        own = sorted(l for l in H.listening(run.pid) if not l.endswith(":%d" % port))
        if own:
            res["side"].append("LISTENED on %s, a socket of its own" % ", ".join(own))
        if ready is None:
            rc = run.poll()
            res["exit"] = rc if rc is not None else "running"
            res["time"] = run.exit_time()
            if rc is None:
                res["side"].append("still running after %.0f s without serving the socket, killed" % FAIL_TIMEOUT)
        else:
            res["side"].append("served HTTP on the passed socket after %.2f s" % ready)
            t = time.monotonic()
            run.signal(signal.SIGTERM)
            rc = run.wait(15)
            res["exit"] = rc if rc is not None else "running"
            res["time"] = time.monotonic() - t if rc is not None else None
        run.kill()
        res["msg"] = H.first_message(run.output())
        res["output"] = run.output()[-4000:]
        return res
    return f


HANDED_NOTE = ("- \"Handed\" rows: server-testkit's `pass-sockets.py` creates the socket on "
               "127.0.0.1, places it as descriptor 3 with `LISTEN_FDS=1`, `LISTEN_FDNAMES=web` and "
               "`LISTEN_PID` = the server's pid (or, in the last row, the suite's own pid), and execs the "
               "server told to serve descriptor 3 its own way: berth `--bind systemd`, gunicorn and "
               "hypercorn `-b fd://3`, uvicorn and daphne `--fd 3`; nginx has no such option (n/a). "
               "\"Served\" means an HTTP 200 on the passed socket's address; listening sockets of its "
               "own are flagged. A non-listening socket that a server serves anyway was put into "
               "listen state by the server itself.")


def sc_signal(sig):
    def f(server, ctx):
        return observe_success(server, ctx, [H.ep_tcp("127.0.0.1", H.free_port())], stop_sig=sig)
    return f


def sc_tls(case):
    """A TLS endpoint whose material is bad: does the server refuse, and before listening?"""
    def f(server, ctx):
        p = T.plan(server, case, T.material(ctx.wd))
        if p is None:
            return {"na": "no password option for its key material"}
        ep = H.ep_tcp("127.0.0.1", H.free_port())
        return observe_failure(T.TlsServer(server, p), ctx, [ep], H.ep_text(ep))
    return f


STATIC_SERVERS = ("berth", "nginx", "python-http")


def sc_static(missing, busy):
    """A server asked to serve a directory: one that does not exist, or on a port in use."""
    def f(server, ctx):
        if server.name not in STATIC_SERVERS:
            return {"na": "serves no directory"}
        site = ctx.path("no-such-site") if missing else ctx.path("site")
        if not missing:
            os.makedirs(site, exist_ok=True)
            os.chmod(site, 0o755)
            with open(os.path.join(site, "index.html"), "w") as fh:
                fh.write("ok\n")
            os.chmod(os.path.join(site, "index.html"), 0o644)
        server.static = site
        h = H.PortHolder("127.0.0.1", 0) if busy else None
        try:
            ep = H.ep_tcp("127.0.0.1", h.port if h else H.free_port())
            return observe_failure(server, ctx, [ep], H.ep_text(ep))
        finally:
            server.static = None
            if h:
                h.close()
    return f


SCENARIOS = [
    ("inuse-v4", "port in use: 127.0.0.1 held, bind 127.0.0.1", 75, sc_in_use("127.0.0.1", "127.0.0.1")),
    ("inuse-v6", "port in use: [::1] held, bind [::1]", 75, sc_in_use("::1", "::1")),
    ("inuse-wild-spec", "port in use: 0.0.0.0 held, bind 127.0.0.1", 75, sc_in_use("0.0.0.0", "127.0.0.1")),
    ("inuse-spec-wild", "port in use: 127.0.0.1 held, bind 0.0.0.0", 75, sc_in_use("127.0.0.1", "0.0.0.0")),
    ("inuse-v6wild-spec", "port in use: [::] held (v6 only), bind [::1]", 75, sc_in_use("::", "::1")),
    ("inuse-v6spec-wild", "port in use: [::1] held, bind [::]", 75, sc_in_use("::1", "::")),
    ("privileged", "privileged port 80, run as nobody", 77, sc_privileged),
    ("not-local", "address not on this host (192.0.2.1)", 78, sc_not_local),
    ("unresolved", "host does not resolve (nonexistent.invalid)", 78, sc_unresolved),
    ("port-70000", "port 70000", 64, sc_port("70000")),
    ("port-neg", "port -1", 64, sc_port("-1")),
    ("port-abc", "port abc", 64, sc_port("abc")),
    ("unix-nodir", "unix socket in a missing directory", 78, sc_unix_missing_dir),
    ("unix-live", "unix socket owned by a live server", 75, sc_unix_live),
    ("unix-stale", "unix socket: stale file (serve, then SIGTERM)", 0, sc_unix_stale),
    ("two-second-busy", "2 endpoints, 2nd in use", 75, sc_two),
    ("sigterm", "SIGTERM after ready", 0, sc_signal(signal.SIGTERM)),
    ("sigint", "SIGINT after ready", 0, sc_signal(signal.SIGINT)),
    ("tls-missing", "TLS: certificate file missing", 78, sc_tls("missing")),
    ("tls-mismatch", "TLS: key does not match the certificate", 78, sc_tls("mismatch")),
    ("tls-expired", "TLS: certificate expired", 78, sc_tls("expired")),
    ("tls-password", "TLS: wrong keystore / key password", 78, sc_tls("password")),
    ("static-missing", "serve a missing directory", 78, sc_static(missing=True, busy=False)),
    ("static-inuse", "busy port while serving a directory", 75, sc_static(missing=False, busy=True)),
    ("handed-tcp", "handed a TCP listener as fd 3, LISTEN_* right (berth: --bind systemd; peers: fd://3 or --fd 3); then SIGTERM", 0, sc_handed("tcp")),
    ("handed-udp", "handed a UDP socket as fd 3", 78, sc_handed("udp")),
    ("handed-notlistening", "handed a bound TCP socket that is not listening as fd 3", 78, sc_handed("tcp-bound")),
    ("handed-wrongpid", "handed a TCP listener, LISTEN_PID of another process", 78, sc_handed("tcp", "parent")),
]


def read_report(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None
    except ValueError as e:
        return {"unparseable": str(e)}


def check_berth(sid, expect, r):
    """Berth's assertions: the exit-code contract plus the side effects. Returns problems."""
    bad = []
    if "skip" in r:
        return bad
    if r.get("exit") != expect:
        bad.append("exit %s, expected %s" % (r.get("exit"), expect))
    if sid == "unix-live" and not r.get("live_reachable"):
        bad.append("live unix server no longer reachable")
    if sid == "unix-stale" and r.get("socket_left"):
        bad.append("socket file left after clean stop")
    if sid == "two-second-busy" and r.get("first_listened", 0) > 0.5:
        bad.append("1st endpoint listened %.2f s (> 0.5 s)" % r["first_listened"])
    if r.get("stack_trace"):
        bad.append("printed a stack trace")
    if expect == 64 and r.get("output_lines") != 1:
        bad.append("a usage error must print exactly one line; printed %s" % r.get("output_lines"))
    if sid == "static-missing" and r.get("output_lines") != 1:
        bad.append("a missing directory must be one line; printed %s" % r.get("output_lines"))
    # The directory is checked before any bind, so that failure has no bind report.
    if expect in (75, 77, 78) and sid != "static-missing" and not isinstance(r.get("report"), dict):
        bad.append("no --report file written")
    elif expect in (75, 77, 78) and isinstance(r.get("report"), dict) and "unparseable" in r["report"]:
        bad.append("--report file is not JSON: %s" % r["report"]["unparseable"])
    if expect not in (0,) and r.get("time") is not None and r["time"] > 10:
        bad.append("took %.1f s to fail" % r["time"])
    return bad


def check_harness(server, sid, r):
    """Facts about peers that check the harness itself (not judgements about the peers)."""
    bad = []
    if "skip" in r or "na" in r:
        return bad
    if server.name == "daphne" and sid == "inuse-v4" and server.version() == "4.0.0" and r.get("exit") != 0:
        bad.append("daphne 4.0.0 is known to exit 0 on a port in use; got %s" % r.get("exit"))
    if sid in ("sigterm", "sigint") and r.get("ready") is None:
        bad.append("%s never served: the harness's launch command for it is wrong" % server.name)
    return bad


def cell(r, expect=None):
    if "skip" in r:
        return "skipped"
    if "na" in r:
        return "n/a"
    e = r.get("exit")
    t = r.get("time")
    s = ("**exit 0**" if e == 0 and expect != 0 else "exit %s" % e) if isinstance(e, int) else "**%s**" % e
    if isinstance(e, int) and e < 0:
        s = "killed by %s" % signal.Signals(-e).name
    if t is not None:
        s += " (%.2f s)" % t
    flags = []
    for side in r.get("side", []):
        if side.startswith(("STOLE", "LIVE SERVER", "LISTENED", "still running", "LEFT")) or "LEFT" in side:
            flags.append(side.split(";")[0])
        if side.startswith("served HTTP"):
            flags.append("served")
        if side.startswith(("never served", "still listening")):
            flags.append("**%s**" % side)
        if side.startswith("1st endpoint listened"):
            flags.append(side.split(" (")[0])
        if side.startswith("1st endpoint never"):
            flags.append("1st endpoint never listened")
    if flags:
        s += "; " + "; ".join(flags)
    return s


WORKDIR = [None]


def md_escape(s, n=200):
    if WORKDIR[0]:
        s = s.replace(WORKDIR[0], "$TMP")
    s = s.replace("|", "\\|").replace("\n", " ")
    return s if len(s) <= n else s[:n - 1] + "…"


def write_markdown(path, servers, versions, results, mach, problems, cmdline, started, took):
    L = []
    L.append("# Berth beside the servers people use: conformance")
    L.append("")
    L.append("Generated by `%s` on %s (took %.0f s). Do not edit by hand: rerun the command."
             % (cmdline, started, took))
    L.append("")
    L.append("Reproduce (as root, on Debian/Ubuntu; installs missing peers with apt-get and builds "
             "berth with Maven when needed):")
    L.append("")
    L.append("```")
    L.append("bench/conformance.sh               # all servers")
    L.append("bench/conformance.sh --only berth  # berth alone")
    L.append("```")
    L.append("")
    L.append("Machine: %s, %s cores (`nproc`), %s, kernel %s, %s; %s; python %s; load average at start %s."
             % (mach["cpu"], mach["nproc"], mach["memory"], mach["kernel"], mach["os"], mach["java"],
                mach["python"], mach["loadavg_at_start"]))
    L.append("")
    if mach.get("others_during", 0) > 10:
        L.append("**The machine was shared**: other work used %.0f%% of its cores during the run "
                 "(all CPU time minus this run's own), so the times below are slower than on a "
                 "quiet machine; exit codes and side effects do not depend on it."
                 % mach["others_during"])
        L.append("")
    L.append("Servers: " + ", ".join("%s %s" % (s.name, versions[s.name]) for s in servers) + ".")
    if os.environ.get("BERTH_BENCH_PROVENANCE"):
        L.append("")
        L.append("berth tested: %s." % os.environ["BERTH_BENCH_PROVENANCE"])
    L.append("")
    L.append("## Results")
    L.append("")
    L.append("Each cell: exit code (seconds from launch to exit; for the stop rows, from the signal "
             "to exit) and the side effects that matter. **Bold** marks a start that failed but "
             "reported success, or that did not end.")
    L.append("")
    L.append("\"berth expects\" is the exit code the contract in [exit-codes.md](exit-codes.md) "
             "promises; the suite asserts it.")
    L.append("")
    L.append("| scenario | berth expects | " + " | ".join(s.name for s in servers) + " |")
    L.append("|---|---|" + "---|" * len(servers))
    for sid, title, expect, _ in SCENARIOS:
        row = [title, str(expect)] + [cell(results[s.name][sid], expect) for s in servers]
        L.append("| " + " | ".join(md_escape(x) for x in row) + " |")
    L.append("")
    if problems:
        L.append("**Assertions failed:**")
        L.append("")
        for p in problems:
            L.append("- " + p)
    else:
        L.append("All of berth's assertions held (exit code per the contract; a live unix server "
                 "still reachable; the 1st of two endpoints not left listening more than 0.5 s; stale "
                 "socket served and removed after a clean stop; every failure within 10 s; no stack "
                 "trace; a usage error in exactly one line; a JSON `--report` on every bind failure), "
                 "and so did the harness self-checks.")
    L.append("")
    L.append("## What each server said")
    L.append("")
    L.append("The first meaningful line of its output (stderr and stdout): an error-looking line, "
             "else the first line; for a Python traceback, its last line.")
    for s in servers:
        L.append("")
        L.append("### %s %s" % (s.name, versions[s.name]))
        L.append("")
        L.append("| scenario | exit | time | message | side effects |")
        L.append("|---|---|---|---|---|")
        for sid, title, expect, _ in SCENARIOS:
            r = results[s.name][sid]
            if "skip" in r or "na" in r:
                L.append("| %s | %s | | | |" % (title, "skipped: " + r["skip"] if "skip" in r else "n/a: " + r["na"]))
                continue
            t = "%.2f s" % r["time"] if r.get("time") is not None else ""
            L.append("| %s | %s | %s | `%s` | %s |" % (title, r.get("exit"), t,
                                                        md_escape(r.get("msg", "")).replace("`", "'"),
                                                        md_escape("; ".join(r.get("side", [])))))
    L.append("")
    L.append("## How the scenarios are run")
    L.append("")
    L.append("- Everything runs inside a private network and mount namespace (`unshare --net --mount`) "
             "with only its own loopback up: no packet can leave the machine. `/etc/resolv.conf` is "
             "bind-mounted (privately) to `nameserver 127.0.0.1`, where a responder in the suite "
             "answers every query NXDOMAIN; `nonexistent.invalid` therefore fails fast and locally.")
    L.append("- Ports are held the way server-testkit's `PortHolder` holds them: a listening socket, "
             "never `SO_REUSEPORT`, never accepting, verified by a second bind that must fail with "
             "`EADDRINUSE`. The driver is Python (standard library only) so it has no build step; it "
             "mirrors the testkit's fixtures rather than calling them. An IPv4 `0.0.0.0` holder is "
             "IPv4-only, the `[::]` holder is IPv6-only (`IPV6_V6ONLY`).")
    L.append("- The live unix server accepts and answers; \"still reachable\" means a connect to the "
             "path after the run reaches that same server. \"Stole the path\" means the path's inode "
             "changed while the server ran.")
    L.append("- \"Listened on the failing endpoint\" is read from `/proc/net/{tcp,tcp6,unix}` for the "
             "sockets of the server's process tree, never from a connect() (a held port completes "
             "handshakes without anyone accepting).")
    L.append("- For 2 endpoints, the 1st (free) endpoint is connect-polled every 5 ms on loopback "
             "while the server runs; the span is from the first to the last successful connect.")
    L.append("- Privileged port: the server runs as `nobody` via `setpriv --reuid=nobody "
             "--regid=nogroup --clear-groups`, from a world-readable copy of berth's distribution "
             "and of the app.")
    L.append("- A failing start that has not exited after %.0f s is recorded as still running and "
             "killed. Stop rows wait for an HTTP 200 first, then signal the main process only "
             "(as a supervisor does)." % FAIL_TIMEOUT)
    L.append("- Peers run with their defaults and the one-line app in `bench/app.py` (daphne, uvicorn, "
             "hypercorn: ASGI; gunicorn: WSGI); nginx with a generated config in a private prefix "
             "(`return 200 \"ok\";`), `daemon off`, errors to stderr. uvicorn takes one endpoint per "
             "start, hence n/a.")
    L.append("- TLS rows: material made with openssl (and keytool for the expired certificate, "
             "which openssl 3.0 cannot backdate): berth `--bind https://...` with `--tls-cert/--tls-key` "
             "(the password row: `--tls-keystore` + `--tls-password-file` with a wrong password); "
             "uvicorn `--ssl-certfile/--ssl-keyfile` (password row: an encrypted key and a wrong "
             "`--ssl-keyfile-password`); gunicorn and hypercorn `--certfile/--keyfile`; daphne "
             "`-e ssl:port=...:privateKey=...:certKey=...`; nginx `listen ... ssl` with "
             "`ssl_certificate`/`ssl_certificate_key` (password row: `ssl_password_file` with a wrong "
             "password for the encrypted key). A peer without a password option for its material is n/a. "
             "\"Listened\" is read from /proc as in every row: a server that accepts connections with "
             "an expired certificate is recorded as having served.")
    L.append(HANDED_NOTE)
    L.append("")
    with open(path, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--berth", default=H.DEFAULT_BERTH, help="berth launcher (default: %(default)s)")
    ap.add_argument("--only", nargs="*", help="servers to run (berth daphne uvicorn gunicorn hypercorn nginx python-http)")
    ap.add_argument("--scenarios", nargs="*", help="scenario ids to run")
    ap.add_argument("--out", default=os.path.join(H.REPO, "docs", "comparison.md"))
    ap.add_argument("--build-from-head", action="store_true",
                    help="measure berth built from `git archive HEAD` in a temp dir")
    ap.add_argument("--no-setup", action="store_true", help="do not apt-get install / build")
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--berth-nobody", help=argparse.SUPPRESS)
    ap.add_argument("--cmdline", default="bench/conformance.sh", help=argparse.SUPPRESS)
    a = ap.parse_args()

    if os.environ.get(H.NS_MARKER) != "1":
        # host side: setup, then re-enter inside the namespaces
        names = a.only or ["berth", "daphne", "uvicorn", "gunicorn", "hypercorn", "nginx", "python-http"]
        if not a.no_setup:
            H.ensure_packages([n for n in names if n not in ("berth", "python-http")])
        prov = None
        if "berth" in names and a.build_from_head:
            launcher, prov = H.build_from_head()
        else:
            launcher = H.ensure_berth(a.berth) if "berth" in names else None
        wd, wl = H.make_workdir(launcher)
        wl = wl or a.berth
        os.environ["BERTH_BENCH_PROVENANCE"] = prov or (H.berth_provenance(launcher) if launcher else "")
        argv = [os.path.abspath(__file__), "--berth", launcher or a.berth, "--berth-nobody", wl,
                "--workdir", wd, "--out", a.out,
                "--cmdline", a.cmdline]
        if a.only:
            argv += ["--only"] + a.only
        if a.scenarios:
            argv += ["--scenarios"] + a.scenarios
        env = dict(os.environ, **{H.NS_MARKER: "1"})
        import subprocess
        r = subprocess.run(["unshare", "--net", "--mount", "--", H.PY] + argv, env=env)
        import shutil
        shutil.rmtree(wd, ignore_errors=True)
        sys.exit(r.returncode)

    wd = a.workdir
    WORKDIR[0] = wd
    dns = H.setup_sandbox(wd)
    ctx = Ctx(wd, dns)
    servers = H.all_servers(a.berth, a.only)
    for s in servers:
        if s.name == "berth":
            s.nobody_launcher = a.berth_nobody
    versions = {s.name: s.version() for s in servers}
    mach = H.machine()
    started, t0 = H.utc_now(), time.monotonic()
    others = H.OthersMeter()
    scen = [s for s in SCENARIOS if not a.scenarios or s[0] in a.scenarios]
    results, problems = {s.name: {} for s in servers}, []
    for s in servers:
        for sid, title, expect, fn in scen:
            if s.name == "berth":
                s.report = os.path.join(ctx.reports, "report-%d.json" % ctx.n)
                ctx.n += 1
            try:
                if s.name == "python-http" and not sid.startswith("static-"):
                    r = {"na": "in the directory rows only"}
                else:
                    r = fn(s, ctx)
            except Exception as e:  # a harness error must show, not hide a row
                r = {"exit": "harness error", "time": None, "msg": repr(e), "side": []}
                problems.append("harness error: %s / %s: %r" % (s.name, sid, e))
            if s.name == "berth" and "output" in r:
                r["report"] = read_report(s.report)
                lines = [l for l in r["output"].splitlines() if l.strip()]
                r["output_lines"] = len(lines)
                r["stack_trace"] = any(l.startswith(("\tat ", "Exception in thread", "Caused by:"))
                                       for l in lines)
            results[s.name][sid] = r
            H.log("%-9s %-50s %s  %s" % (s.name, title, cell(r, expect), r.get("msg", "")[:90]))
            if s.name == "berth":
                problems += ["berth / %s: %s" % (title, p) for p in check_berth(sid, expect, r)]
            problems += ["harness self-check / %s / %s: %s" % (s.name, title, p)
                         for p in check_harness(s, sid, r)]
    took = time.monotonic() - t0
    mach["others_during"] = others.share()
    # fill missing scenarios (when --scenarios was used) so the table renders
    for s in servers:
        for sid, *_ in SCENARIOS:
            results[s.name].setdefault(sid, {"skip": "not run (--scenarios)"})
    os.makedirs(os.path.join(H.BENCH_DIR, "results"), exist_ok=True)
    with open(os.path.join(H.BENCH_DIR, "results", "conformance.json"), "w") as f:
        json.dump({"machine": mach, "versions": versions, "started": started, "results": results,
                   "problems": problems}, f, indent=1, default=str)
    write_markdown(a.out, servers, versions, results, mach, problems, a.cmdline, started, took)
    H.log("wrote", a.out)
    if "berth" in results:
        verdicts = [not check_berth(sid, expect, results["berth"][sid])
                    for sid, _, expect, _ in scen if "skip" not in results["berth"][sid]]
        print("conformance: %d passed, %d failed" % (sum(verdicts), len(verdicts) - sum(verdicts)))
    for p in problems:
        print("FAIL:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
