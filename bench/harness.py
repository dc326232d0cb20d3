"""Shared machinery for bench/conformance.py and bench/bench.py (python3 standard library only).

What it does, and why:

* Setup (on the host): installs the peers from Debian's packages when missing, builds berth's
  distribution when missing, copies both the distribution and the tiny app into a world-readable
  temp directory (so a server run as `nobody` reads its own jars, not root's ~/.m2).
* Sandbox: the suite re-executes itself under `unshare --net --mount`: a private network
  namespace with only its own loopback up (no packet can leave the machine, port 53 and every
  test port are surely free, other engineers' builds cannot collide with our ports) and a private
  /etc/resolv.conf saying `nameserver 127.0.0.1`, answered by an NXDOMAIN responder thread here.
* Holders: ports are held the way dev.berth.testkit.PortHolder holds them: a listening socket,
  never SO_REUSEPORT, never accepting, verified by a second bind that must fail. A unix path is
  held by a live listener that does accept (so "still reachable" can be checked).
* Observation: besides exit code and stderr, the harness reads /proc to see which sockets the
  server's process tree really listens on; it never trusts a successful connect() to a port we
  hold ourselves (the kernel completes that handshake without anyone accepting).
"""

import errno
import sys
sys.dont_write_bytecode = True
import ipaddress
import json
import os
import platform
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
PY = "/usr/bin/python3"  # Debian's python: the one the peers' packages are installed for
NS_MARKER = "BERTH_BENCH_IN_NS"
DEFAULT_BERTH = os.path.join(REPO, "server-cli", "target", "berth", "bin", "berth")

APT_PACKAGES = {
    # command or module -> Debian package
    "daphne": "daphne",
    "uvicorn": "python3-uvicorn",
    "gunicorn": "gunicorn",
    "hypercorn": "python3-hypercorn",
    "nginx": "nginx-light",
    "wrk": "wrk",
}


def log(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# setup (host side)
# --------------------------------------------------------------------------------------------

def _have(name):
    if name == "uvicorn":
        return subprocess.run([PY, "-c", "import uvicorn"], capture_output=True).returncode == 0
    if name == "nginx":
        return os.path.exists("/usr/sbin/nginx")
    return shutil.which(name) is not None


def ensure_packages(names):
    """apt-get install whatever is missing. Never lets a package start its system service:
    a temporary policy-rc.d (only if none exists; removed again only if we created it)."""
    missing = sorted({APT_PACKAGES[n] for n in names if not _have(n)})
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("missing packages %s and not root: install them with apt-get" % missing)
    log("installing from Debian:", " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    policy = "/usr/sbin/policy-rc.d"
    created = False
    if not os.path.exists(policy):
        with open(policy, "w") as f:
            f.write("#!/bin/sh\n# temporary, bench/harness.py: do not start services\nexit 101\n")
        os.chmod(policy, 0o755)
        created = True
    try:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing,
                       env=env, check=True)
    finally:
        if created:
            os.unlink(policy)
    # nginx-light's postinst may still have started the system nginx where no policy applied;
    # we never touch it, we only use our own prefix.


def ensure_berth(path):
    """Returns the launcher path; builds the distribution with Maven when it is missing."""
    if path and os.path.exists(path):
        return os.path.abspath(path)
    if path != DEFAULT_BERTH:
        sys.exit("berth launcher not found: %s" % path)
    log("berth distribution missing; building it: mvn -B -DskipTests package (offline first)")
    for extra in (["-o"], []):
        r = subprocess.run(["mvn", "-B", "-q"] + extra + ["-DskipTests", "package"], cwd=REPO)
        if r.returncode == 0 and os.path.exists(DEFAULT_BERTH):
            return DEFAULT_BERTH
    sys.exit("could not build berth (%s missing)" % DEFAULT_BERTH)


def build_from_head():
    """Builds berth from `git archive HEAD` in a temp dir (never touching this checkout's
    target/ directories, which other builds may be using). -> (launcher, provenance)."""
    sha = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True, check=True).stdout.strip()
    src = tempfile.mkdtemp(prefix="berth-head-")
    import atexit
    atexit.register(shutil.rmtree, src, True)
    subprocess.run("git -C %s archive HEAD | tar -x -C %s" % (REPO, src), shell=True, check=True)
    log("building berth from commit %s in %s" % (sha, src))
    for extra in (["-o"], []):
        r = subprocess.run(["mvn", "-B", "-q", "-Dstyle.color=never"] + extra + ["-Dmaven.test.skip=true", "-pl", "server-cli",
                                                          "-am", "package"], cwd=src)
        launcher = os.path.join(src, "server-cli", "target", "berth", "bin", "berth")
        if r.returncode == 0 and os.path.exists(launcher):
            return launcher, "built from commit %s (clean `git archive HEAD`, `mvn package`, tests skipped)" % sha
    sys.exit("could not build berth from HEAD in %s" % src)


def make_workdir(berth_launcher):
    """A world-readable temp dir: app.py, a copy of berth's distribution (for runs as nobody
    only: a moved distribution cannot use the AppCDS archive its build wrote, since JDK 17
    checks the class path recorded in it), room for an nginx prefix."""
    wd = tempfile.mkdtemp(prefix="berth-bench-")
    os.chmod(wd, 0o755)
    shutil.copy(os.path.join(BENCH_DIR, "app.py"), os.path.join(wd, "app.py"))
    os.chmod(os.path.join(wd, "app.py"), 0o644)
    if not berth_launcher:
        return wd, None
    dist = os.path.dirname(os.path.dirname(berth_launcher))  # .../berth (bin/, lib/)
    shutil.copytree(dist, os.path.join(wd, "berth"), symlinks=True)
    for root, dirs, files in os.walk(wd):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
        for f in files:
            p = os.path.join(root, f)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | 0o444 | (0o111 if os.access(p, os.X_OK) else 0))
    rel = os.path.relpath(berth_launcher, dist)
    return wd, os.path.join(wd, "berth", rel)


# --------------------------------------------------------------------------------------------
# sandbox (private net + mount namespace)
# --------------------------------------------------------------------------------------------

def enter_sandbox(argv):
    """Re-executes this script inside `unshare --net --mount` unless already there."""
    if os.environ.get(NS_MARKER) == "1":
        return
    if os.geteuid() != 0:
        sys.exit("run as root: the suite makes a private network namespace (unshare --net) so no "
                 "DNS query or packet can leave the machine, and runs servers as nobody")
    env = dict(os.environ, **{NS_MARKER: "1"})
    os.execvpe("unshare", ["unshare", "--net", "--mount", "--", PY] + argv, env)


class NxdomainResponder:
    """Answers every DNS query with NXDOMAIN (UDP), like dev.berth.testkit.NxdomainResponder."""

    def __init__(self, host="127.0.0.1", port=53):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.names = []
        t = threading.Thread(target=self._serve, daemon=True)
        t.start()

    def _serve(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            if len(data) < 12:
                continue
            qid, flags, qd = struct.unpack("!HHH", data[:6])
            # copy the question section
            i, labels = 12, []
            try:
                while data[i] != 0:
                    labels.append(data[i + 1:i + 1 + data[i]].decode("ascii", "replace"))
                    i += 1 + data[i]
                end = i + 5
            except IndexError:
                continue
            self.names.append(".".join(labels))
            rflags = 0x8000 | (flags & 0x7900) | 0x0080 | 3  # QR, opcode+RD copied, RA, NXDOMAIN
            reply = struct.pack("!HHHHHH", qid, rflags, 1 if qd else 0, 0, 0, 0) + data[12:end]
            self.sock.sendto(reply, peer)


def loopback_up():
    """`ip link set lo up` without needing iproute2: SIOCGIFFLAGS / SIOCSIFFLAGS on 'lo'."""
    import fcntl
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        req = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(s.fileno(), 0x8913, req)[:18])[1]
        fcntl.ioctl(s.fileno(), 0x8914, struct.pack("16sh", b"lo", flags | 0x1))
    finally:
        s.close()


def setup_sandbox(wd):
    """Inside the namespaces: loopback up, private resolv.conf, NXDOMAIN responder on :53."""
    loopback_up()
    rc = os.path.join(wd, "resolv.conf")
    with open(rc, "w") as f:
        f.write("# private to bench/: every query is answered NXDOMAIN on this namespace's loopback\n"
                "nameserver 127.0.0.1\noptions attempts:1 timeout:1\n")
    os.chmod(rc, 0o644)
    subprocess.run(["mount", "--bind", rc, "/etc/resolv.conf"], check=True)
    return NxdomainResponder()


# --------------------------------------------------------------------------------------------
# holders (the testkit's way)
# --------------------------------------------------------------------------------------------

class PortHolder:
    """Holds host:port with a listening socket (backlog 1), never accepting, no SO_REUSEPORT,
    and checks itself: a second bind of the same address must fail with EADDRINUSE.
    `dual` holds '::' dual-stack (as a JDK ServerSocket on a wildcard does)."""

    def __init__(self, host, port=0, dual=False):
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        if fam == socket.AF_INET6:
            self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0 if dual else 1)
        self.sock.bind((host, port))
        self.sock.listen(1)
        self.host, self.port = host, self.sock.getsockname()[1]
        probe = socket.socket(fam, socket.SOCK_STREAM)
        try:
            probe.bind((host, self.port))
            probe.listen(1)
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
        else:
            raise AssertionError("holding %s:%d does not block a second bind" % (host, self.port))
        finally:
            probe.close()

    def close(self):
        self.sock.close()


class UnixHolder:
    """A live server on a unix socket path: listens and accepts (counts connections)."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(16)
        self.inode = os.stat(path).st_ino
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            try:
                c.sendall(b"holder\n")
            except OSError:
                pass  # a prober that connected and left at once (berth probes live sockets)
            finally:
                c.close()

    def reachable(self):
        """Does connecting to the path still reach *this* holder?"""
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(1)
            s.connect(self.path)
            data = s.recv(16)
            s.close()
            return data == b"holder\n"
        except OSError:
            return False

    def close(self):
        self.sock.close()


def free_port(host="127.0.0.1"):
    """Only used inside our private network namespace, where nothing else binds."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.bind((host, 0))
    p = s.getsockname()[1]
    s.close()
    return p


# --------------------------------------------------------------------------------------------
# /proc observation
# --------------------------------------------------------------------------------------------

def tree_pids(root):
    pids, parents = {root}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    st = f.read()
                parents[int(d)] = int(st[st.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                pass
    changed = True
    while changed:
        changed = False
        for p, pp in parents.items():
            if pp in pids and p not in pids:
                pids.add(p)
                changed = True
    return pids


def _socket_inodes(pids):
    inodes = set()
    for p in pids:
        try:
            for fd in os.listdir("/proc/%d/fd" % p):
                try:
                    t = os.readlink("/proc/%d/fd/%s" % (p, fd))
                except OSError:
                    continue
                if t.startswith("socket:["):
                    inodes.add(int(t[8:-1]))
        except OSError:
            pass
    return inodes


def _hex_addr(h):
    if len(h) == 8:
        return str(ipaddress.IPv4Address(struct.pack("<I", int(h, 16))))
    words = [struct.pack("<I", int(h[i:i + 8], 16)) for i in range(0, 32, 8)]
    return "[%s]" % ipaddress.IPv6Address(b"".join(words)).compressed


def listening(root_pid):
    """Endpoints the process tree of root_pid listens on: {'127.0.0.1:8080', 'unix:/p', ...}."""
    inodes = _socket_inodes(tree_pids(root_pid))
    out = set()
    for tbl in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(tbl) as f:
                next(f)
                for line in f:
                    c = line.split()
                    if c[3] == "0A" and int(c[9]) in inodes:
                        a, p = c[1].split(":")
                        out.add("%s:%d" % (_hex_addr(a), int(p, 16)))
        except OSError:
            pass
    try:
        with open("/proc/net/unix") as f:
            next(f)
            for line in f:
                c = line.split()
                if len(c) >= 8 and int(c[3], 16) & 0x10000 and int(c[6]) in inodes:
                    out.add("unix:" + c[7])
    except OSError:
        pass
    return out


def rss_kb(root_pid):
    total = 0
    for p in tree_pids(root_pid):
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


# --------------------------------------------------------------------------------------------
# servers
# --------------------------------------------------------------------------------------------

def ep_tcp(host, port):
    return ("tcp", host, str(port))


def ep_unix(path):
    return ("unix", path)


def ep_text(ep):
    if ep[0] == "unix":
        return "unix:" + ep[1]
    h = ep[1]
    return ("[%s]" % h if ":" in h else h) + ":" + ep[2]


def _v(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        out = (r.stdout + r.stderr).strip().splitlines()
        return out[0] if out else "?"
    except Exception as e:  # noqa
        return "? (%s)" % e


def _dpkg_version(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else "?"


class Server:
    name = "?"
    multi = True      # accepts several endpoints in one start
    unix = True

    def version(self):
        return "?"

    def argv(self, eps, wd, workers=None):
        raise NotImplementedError

    def prepare(self, eps, wd, workers=None):
        """Writes whatever config files argv() refers to."""

    def fd_argv(self, wd):
        """The command that serves the listening socket passed as descriptor 3, or None."""
        return None


class Berth(Server):
    name = "berth"

    def __init__(self, launcher):
        self.launcher = launcher
        self.nobody_launcher = None  # a world-readable copy, for runs as nobody
        self.report = None  # when set, --report FILE is passed
        self.static = None  # when set, --static DIR is passed

    def version(self):
        v = _v([self.launcher, "--version"])
        if v.startswith("berth "):
            v = v[len("berth "):]
        return v if v and not v.startswith("?") else "?"

    def usage_argv(self):
        """A usage error: an address no parser accepts (exit 64)."""
        return [self.launcher, "serve", "--bind", "1.2.3.999:80"]

    def argv(self, eps, wd, workers=None):
        a = [self.launcher, "serve"]
        for e in eps:
            a += ["--bind", ep_text(e)]
        if workers:
            a += ["--instances", str(workers)]
        if self.report:
            a += ["--report", self.report]
        if self.static:
            a += ["--static", self.static]
        return a

    def fd_argv(self, wd):
        return [self.launcher, "serve", "--bind", "systemd"] + (["--report", self.report] if self.report else [])


class Daphne(Server):
    name = "daphne"

    def version(self):
        return _dpkg_version("daphne").split("-")[0]

    def argv(self, eps, wd, workers=None):
        a = ["/usr/bin/daphne"]
        if len(eps) == 1 and eps[0][0] == "tcp":
            a += ["-b", eps[0][1], "-p", eps[0][2]]
        elif len(eps) == 1:
            a += ["-u", eps[0][1]]
        else:
            for e in eps:
                if e[0] == "unix":
                    a += ["-e", "unix:" + e[1]]
                else:
                    a += ["-e", "tcp:port=%s:interface=%s" % (e[2], e[1].replace(":", "\\:"))]
        return a + ["app:app"]

    def fd_argv(self, wd):
        return ["/usr/bin/daphne", "--fd", "3", "app:app"]


class Uvicorn(Server):
    name = "uvicorn"
    multi = False

    def version(self):
        return _dpkg_version("python3-uvicorn").split("-")[0]

    def usage_argv(self):
        """A usage error: a port that is not a number (click: exit 2)."""
        return [PY, "-m", "uvicorn", "--port", "x", "app:app"]

    def argv(self, eps, wd, workers=None):
        a = [PY, "-m", "uvicorn"]
        e = eps[0]
        a += ["--uds", e[1]] if e[0] == "unix" else ["--host", e[1], "--port", e[2]]
        if workers:
            a += ["--workers", str(workers)]
        return a + ["--no-access-log", "app:app"]

    def fd_argv(self, wd):
        return [PY, "-m", "uvicorn", "--fd", "3", "--no-access-log", "app:app"]


class Gunicorn(Server):
    name = "gunicorn"

    def version(self):
        return _dpkg_version("gunicorn").split("-")[0]

    def argv(self, eps, wd, workers=None):
        a = ["/usr/bin/gunicorn"]
        for e in eps:
            a += ["-b", ep_text(e)]
        if workers:
            a += ["-w", str(workers)]
        return a + ["app:wsgi"]

    def fd_argv(self, wd):
        return ["/usr/bin/gunicorn", "-b", "fd://3", "app:wsgi"]


class Hypercorn(Server):
    name = "hypercorn"

    def version(self):
        return _dpkg_version("python3-hypercorn").split("-")[0]

    def argv(self, eps, wd, workers=None):
        a = ["/usr/bin/hypercorn"]
        for e in eps:
            a += ["-b", ep_text(e)]
        if workers:
            a += ["-w", str(workers)]
        return a + ["app:app"]

    def fd_argv(self, wd):
        return ["/usr/bin/hypercorn", "-b", "fd://3", "app:app"]


class Nginx(Server):
    name = "nginx"
    static = None  # when set, `root DIR` instead of the fixed "ok" answer

    def version(self):
        return _v(["/usr/sbin/nginx", "-v"]).replace("nginx version: ", "")

    def _prefix(self, wd):
        return os.path.join(wd, "nginx")

    def prepare(self, eps, wd, workers=None):
        pre = self._prefix(wd)
        os.makedirs(pre, exist_ok=True)
        os.chmod(pre, 0o777)
        listens = "\n".join("    listen %s;" % (ep_text(e)) for e in eps)
        conf = """# generated by bench/harness.py: a private prefix, never the system's nginx
daemon off;
master_process on;
worker_processes %d;
pid %s/nginx.pid;
error_log stderr;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %s/tmp_body;
  proxy_temp_path %s/tmp_proxy;
  fastcgi_temp_path %s/tmp_fastcgi;
  uwsgi_temp_path %s/tmp_uwsgi;
  scgi_temp_path %s/tmp_scgi;
  server {
%s
%s
  }
}
""" % ((workers or 1), pre, pre, pre, pre, pre, pre, listens,
       ("    root %s;\n    sendfile on;" % self.static) if self.static else
       '    location / { default_type text/plain; return 200 "ok"; }')
        with open(os.path.join(pre, "nginx.conf"), "w") as f:
            f.write(conf)
        os.chmod(os.path.join(pre, "nginx.conf"), 0o644)

    def argv(self, eps, wd, workers=None):
        pre = self._prefix(wd)
        return ["/usr/sbin/nginx", "-p", pre, "-e", "stderr", "-c", os.path.join(pre, "nginx.conf")]


class PythonHttpServer(Server):
    """`python3 -m http.server`: what people reach for to serve a directory (the static rows only)."""
    name = "python-http"
    multi = False
    static = None

    def version(self):
        return _v([PY, "--version"]).replace("Python ", "")

    def argv(self, eps, wd, workers=None):
        e = eps[0]
        return [PY, "-m", "http.server", str(e[2]), "--bind", e[1], "--directory", self.static or wd]


def all_servers(launcher, only=None):
    s = [Berth(launcher), Daphne(), Uvicorn(), Gunicorn(), Hypercorn(), Nginx(), PythonHttpServer()]
    if only:
        s = [x for x in s if x.name in only]
    return s


# --------------------------------------------------------------------------------------------
# running a server
# --------------------------------------------------------------------------------------------

class Run:
    """One launched server: a process group of its own, stderr+stdout captured to a file."""

    def __init__(self, server, eps, wd, workers=None, user=None, env_extra=None):
        server.prepare(eps, wd, workers)
        self.argv = server.argv(eps, wd, workers)
        nobody_launcher = getattr(server, "nobody_launcher", None)
        if user and nobody_launcher and self.argv[0] == server.launcher:
            # nobody cannot read a root-only build directory: use the world-readable copy
            self.argv[0] = nobody_launcher
        self.eps = eps
        if user:
            self.argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + self.argv
        self.errpath = tempfile.mktemp(prefix="err-", dir=wd)
        self.err = open(self.errpath, "wb")
        env = dict(os.environ)
        env.pop(NS_MARKER, None)
        env["HOME"] = wd
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        if env_extra:
            env.update(env_extra)
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.argv, cwd=wd, stdout=self.err, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        self.pid = self.proc.pid
        self.exit_at = None

    def elapsed(self):
        return time.monotonic() - self.t0

    def poll(self):
        rc = self.proc.poll()
        if rc is not None and self.exit_at is None:
            self.exit_at = time.monotonic()
        return rc

    def wait(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            rc = self.poll()
            if rc is not None:
                return rc
            time.sleep(0.002)
        return None

    def exit_time(self):
        return None if self.exit_at is None else self.exit_at - self.t0

    def output(self):
        if not self.err.closed:
            self.err.flush()
        with open(self.errpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def kill(self):
        """Ends the whole process group (SIGTERM, then SIGKILL after 3 s)."""
        for sig, grace in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 2.0)):
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                break
            if self.wait(grace) is not None:
                # the leader is gone; make sure no child survives it
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                break
        self.proc.wait()
        self.err.close()

    def signal(self, sig):
        os.kill(self.pid, sig)


def http_probe(ep, timeout=0.5):
    """One GET / over a fresh connection -> (connected, got_200)."""
    try:
        if ep[0] == "unix":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            addr = ep[1]
        else:
            s = socket.socket(socket.AF_INET6 if ":" in ep[1] else socket.AF_INET, socket.SOCK_STREAM)
            addr = (ep[1], int(ep[2]))
        s.settimeout(timeout)
        s.connect(addr)
    except OSError:
        return False, False
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = s.recv(64)
        return True, data.startswith(b"HTTP/1.") and data[9:12] == b"200"
    except OSError:
        return True, False
    finally:
        s.close()


def http_ok(ep, timeout=0.5):
    return http_probe(ep, timeout)[1]


def can_connect(host, port, timeout=0.2):
    try:
        s = socket.create_connection((host, port), timeout=timeout)
        s.close()
        return True
    except OSError:
        return False


def wait_http(run, ep, timeout, times=None):
    """Seconds from launch to the first HTTP 200 on ep, or None (exited / timed out).
    If `times` is a dict, times["accept"] gets the first successful connect."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        connected, ok = http_probe(ep)
        if connected and times is not None and "accept" not in times:
            times["accept"] = run.elapsed()
        if ok:
            return run.elapsed()
        if run.poll() is not None:
            return None
        time.sleep(0.005)
    return None


STRONG = re.compile(r"\b(CRITICAL|ERROR|FATAL|emerg|crit|alert)\b|\[emerg\]|Error\b|Exception\b|"
                    r"error:|failed|usage:", re.I)
WEAK = re.compile(r"error|traceback|fail|denied|in use|cannot|can't|unable|refus|no such|warn", re.I)
STAMP = re.compile(r"^(\d{4}[-/]\d\d[-/]\d\d[ T][\d:,.]+(\s*[+-]\d{4})?\]?\s*|\[\d{4}-[^\]]*\]\s*)")


def first_message(text, key=None):
    """The line a human would read first: an error-looking line about `key` (the port or the
    socket path under test), else any error-looking line, else the first line. A leading
    timestamp is dropped; for a Python traceback, its last line is the message."""
    lines = [STAMP.sub("", l.strip()) for l in text.splitlines() if l.strip()]
    lines = [l for l in lines if not l.startswith("at ")]
    if not lines:
        return ""
    if any(l.startswith("Traceback") for l in lines):
        tail = [l for l in lines if re.match(r"^[A-Za-z_.]+(Error|Exception)\b", l)]
        return "traceback: " + (tail[-1] if tail else lines[-1])
    if key:
        for rx in (STRONG, WEAK):
            for l in lines:
                if key in l and rx.search(l):
                    return l
    for rx in (STRONG, WEAK):
        for l in lines:
            if rx.search(l):
                return l
    return lines[0]


# --------------------------------------------------------------------------------------------
# machine description
# --------------------------------------------------------------------------------------------

def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.0f GiB" % (int(f.readline().split()[1]) / 1048576)
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    osr = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osr = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except OSError:
        load = "?"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "kernel": platform.release(),
        "os": osr,
        "java": java[1] if len(java) > 1 else (java[0] if java else "?"),
        "java_version_line": java[0] if java else "?",
        "python": platform.python_version(),
        "loadavg_at_start": load,
    }


class OthersMeter:
    """CPU used on the whole machine minus what this run (this process and every child it
    reaped: servers, their workers, wrk) used: how much other work shared the cores."""

    def __init__(self):
        self.t0, self.busy0, self.own0 = time.monotonic(), self._busy(), self._own()

    @staticmethod
    def _busy():
        with open("/proc/stat") as f:
            v = list(map(int, f.readline().split()[1:]))
        return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _own():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def share(self):
        wall = time.monotonic() - self.t0
        others = (self._busy() - self.busy0) - (self._own() - self.own0)
        return max(0.0, 100.0 * others / (wall * os.cpu_count()))


def berth_provenance(launcher):
    """Which berth was measured: the commit of this checkout when the launcher is its own
    build, with a warning if server-core/ or server-cli/ had uncommitted changes."""
    launcher = os.path.abspath(launcher)
    if not launcher.startswith(REPO + os.sep):
        return "launcher %s (given with --berth)" % launcher
    try:
        sha = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "server-core",
                                "server-cli", "pom.xml"], capture_output=True, text=True).stdout.strip()
        # the newest jar, not bin/berth: a rebuild leaves an unchanged launcher script's time alone
        lib = os.path.join(os.path.dirname(os.path.dirname(launcher)), "lib")
        times = [os.path.getmtime(os.path.join(lib, f)) for f in os.listdir(lib) if f.endswith(".jar")] \
            if os.path.isdir(lib) else []
        built = time.strftime("%H:%M UTC", time.gmtime(max(times or [os.path.getmtime(launcher)])))
        return "%s at commit %s%s (distribution built %s)" % (
            os.path.relpath(launcher, REPO), sha or "?",
            ", with uncommitted changes in server-core/server-cli" if dirty else "", built)
    except OSError:
        return os.path.relpath(launcher, REPO)


def utc_now():
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
