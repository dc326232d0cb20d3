"""Start-up breakdown of berth: where a failing and a successful start spend their time.

For each path (--version, a usage error, a port in use, a start to the first HTTP 200) and
each JDK/cache (JDK 17 + AppCDS, JDK 25 + AOT cache, ...), berth runs with
`-Xlog:class+load` and `-Xlog:startuptime` into files; the first load of a marker class
dates each phase (JVM uptime, wall clock: noisy on a shared machine) and the process's CPU
time (user+sys of the JVM, all threads: robust under load) says what the whole path cost.
"""

import glob
import os
import re
import signal
import socket
import statistics
import subprocess
import time

import harness as H

# phase -> first class whose load marks its start (in the order a start goes through them)
MARKERS = [
    ("main class", "dev.berth.cli.Main"),
    ("picocli", "picocli.CommandLine"),
    ("serve runs (preflight)", "dev.berth.server.internal.bind.Preflight"),
    ("Vert.x", "io.vertx.core.Vertx"),
    ("Netty epoll native", "io.netty.channel.epoll.Native"),
    ("holder lookup", "dev.berth.server.internal.bind.HolderLookup"),
    ("log4j core", "org.apache.logging.log4j.core.LoggerContext"),
    ("exit", "java.lang.Shutdown"),
]
GROUPS = [("picocli", "picocli."), ("Vert.x", "io.vertx."), ("Netty", "io.netty."),
          ("log4j", "org.apache.logging."), ("berth", "dev.berth."), ("JDK + other", "")]
LINE = re.compile(r"^\[([\d.]+)s\] (\S+) source: (.*)$")


def jdk25():
    """A JDK 25+ on this machine (JEP 483/514/515 AOT cache), or None."""
    for rel in sorted(glob.glob("/usr/lib/jvm/*/release")):
        try:
            with open(rel) as f:
                m = re.search(r'^JAVA_VERSION="(\d+)', f.read(), re.M)
        except OSError:
            continue
        if m and int(m.group(1)) >= 25:
            return os.path.dirname(rel)
    return None


def cache_line(launcher, env):
    r = subprocess.run([launcher, "--version"], capture_output=True, text=True, env=dict(os.environ, **env))
    for line in r.stdout.splitlines():
        if line.startswith("class cache: "):
            return line[len("class cache: "):]
    return "?"


def ensure_aot_cache(launcher, java_home):
    """Writes the JDK's AOT cache with bin/berth-make-cds when the launcher says there is none."""
    env = {"JAVA_HOME": java_home}
    if cache_line(launcher, env).startswith("none"):
        H.log("writing the AOT cache for %s: JAVA_HOME=%s bin/berth-make-cds" % (java_home, java_home))
        subprocess.run([os.path.join(os.path.dirname(launcher), "berth-make-cds")], env=dict(os.environ, **env),
                       stdout=subprocess.DEVNULL)
    return cache_line(launcher, env)


def _cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    v = s[s.rindex(")") + 2:].split()
    return (int(v[11]) + int(v[12])) / os.sysconf("SC_CLK_TCK")


def _one(launcher, path, env, wd):
    """One run of `path` -> (cpu s, wall s, {marker: ms}, {group: n}, n shared, n total, create_vm ms)."""
    log, st = os.path.join(wd, "cl.log"), os.path.join(wd, "st.log")
    for f in (log, st):
        if os.path.exists(f):
            os.unlink(f)
    opts = "-Xlog:class+load:file=%s:uptime -Xlog:startuptime:file=%s:uptime" % (log, st)
    e = dict(os.environ, **env)
    e["BERTH_JAVA_OPTS"] = (e.get("BERTH_JAVA_OPTS", "") + " " + opts).strip()
    holder = None
    t0 = time.monotonic()
    if path == "start":
        port = H.free_port()
        p = subprocess.Popen([launcher, "serve", "--bind", "127.0.0.1:%d" % port], env=e, cwd=wd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ok = False
        while time.monotonic() - t0 < 30 and p.poll() is None and not ok:
            ok = H.http_ok(("tcp", "127.0.0.1", str(port)))
            if not ok:
                time.sleep(0.005)
        wall = time.monotonic() - t0
        cpu = _cpu(p.pid) if ok else None
        p.send_signal(signal.SIGTERM)
        p.wait(20)
    else:
        if path == "inuse":
            holder = H.PortHolder("127.0.0.1", 0)
            argv = ["serve", "--bind", "127.0.0.1:%d" % holder.port]
        elif path == "usage":
            argv = ["serve", "--bind", "1.2.3.999:80"]
        else:
            argv = ["--version"]
        c0 = os.times()
        subprocess.run([launcher] + argv, env=e, cwd=wd, capture_output=True)
        c1 = os.times()
        wall = time.monotonic() - t0
        cpu = (c1.children_user + c1.children_system) - (c0.children_user + c0.children_system)
        if holder:
            holder.close()
    first, groups, shared, total = {}, {g: 0 for g, _ in GROUPS}, 0, 0
    want = {cls: name for name, cls in MARKERS}
    with open(log) as f:
        for line in f:
            m = LINE.match(line.strip())
            if not m:
                continue
            total += 1
            t, cls, src = float(m.group(1)) * 1000, m.group(2), m.group(3)
            if "shared objects file" in src:
                shared += 1
            if cls in want and want[cls] not in first:
                first[want[cls]] = t
            for g, prefix in GROUPS:
                if cls.startswith(prefix):
                    groups[g] += 1
                    break
    create = None
    try:
        with open(st) as f:
            for line in f:
                m = re.search(r"Create VM, ([\d.]+) secs", line)
                if m:
                    create = float(m.group(1)) * 1000
    except OSError:
        pass
    return cpu, wall, first, groups, shared, total, create


PATHS = [("version", "`berth --version`"), ("usage", "usage error (`--bind 1.2.3.999:80`)"),
         ("inuse", "port in use → exit 75"), ("start", "start → first HTTP 200")]


def measure(launcher, configs, wd, runs=3):
    """configs: [(label, env)] -> {label: {path: summary}} (medians of `runs`)."""
    out = {}
    for label, env in configs:
        out[label] = {}
        for path, _ in PATHS:
            rs = [_one(launcher, path, env, wd) for _ in range(runs)]
            rs = [r for r in rs if r[0] is not None]
            if not rs:
                continue
            medf = lambda xs: statistics.median(xs) if xs else None  # noqa: E731
            out[label][path] = {
                "cpu": medf([r[0] for r in rs]), "wall": medf([r[1] for r in rs]),
                "marks": {n: medf([r[2][n] for r in rs if n in r[2]]) for n, _ in MARKERS},
                "groups": {g: medf([r[3][g] for r in rs]) for g, _ in GROUPS},
                "shared": medf([r[4] for r in rs]), "classes": medf([r[5] for r in rs]),
                "create_vm": medf([r[6] for r in rs if r[6] is not None]),
            }
            H.log("breakdown %-28s %-8s cpu %.3f s  classes %d (%d from the cache)" % (
                label, path, out[label][path]["cpu"], out[label][path]["classes"], out[label][path]["shared"]))
    return out


def markdown(res, runs):
    L = ["", "## Start-up breakdown", "",
         "Each path run %d times per JDK with `-Xlog:class+load` and `-Xlog:startuptime` written to "
         "files (`bench/startup.py`); medians. **CPU** is user+sys of the JVM (all threads; for the "
         "start, read from /proc at the first 200), robust to other load; the millisecond columns "
         "are JVM uptime at the first load of the class that marks a phase (wall clock, so they "
         "stretch when the machine is busy; a dash: the path never gets there). Class counts: all "
         "classes loaded, and how many came from the class cache (CDS/AOT, including the JDK's "
         "own). With an AOT cache (JDK 25) the cache's classes are all loaded while the JVM is created, "
         "before `main`, so in those rows the marker columns only say that a class was in the cache "
         "(they show its preload time) and \"JVM created\" includes that preloading." % runs, ""]
    marks = [n for n, _ in MARKERS]
    L.append("| JDK, cache | path | CPU (s) | wall (s) | JVM created (ms) | " + " | ".join(m + " (ms)" for m in marks)
             + " | classes (from cache) | " + " | ".join(g for g, _ in GROUPS) + " |")
    L.append("|---|---|---|---|---|" + "---|" * len(marks) + "---|" + "---|" * len(GROUPS))
    for label, paths in res.items():
        for path, title in PATHS:
            s = paths.get(path)
            if not s:
                continue
            f = lambda v, fmt="%.0f": "–" if v is None else fmt % v  # noqa: E731
            L.append("| %s | %s | %.3f | %.3f | %s | %s | %d (%d) | %s |" % (
                label, title, s["cpu"], s["wall"], f(s["create_vm"]),
                " | ".join(f(s["marks"][m]) for m in marks), s["classes"], s["shared"],
                " | ".join("%d" % s["groups"][g] for g, _ in GROUPS)))
    return L
