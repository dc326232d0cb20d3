#!/usr/bin/python3
"""Probes: berth beside nginx under hostile clients and a failing disk, each probe bounded.

    sudo bench/probes.sh                       # every probe, berth and nginx
    bench/probes.sh --only berth --probe continuation-flood ping-flood

Both servers run in a private network namespace (loopback only; see harness.py) with the same
knobs: an https endpoint speaking HTTP/2 (ALPN h2) and a plain HTTP/1.1 one, a 1 MiB body limit,
40 connections at most (berth --max-connections 40; nginx worker_connections 48, as nginx
counts its listeners too), the access log to a file. Each probe attacks for at most --seconds
(default 8) from at most --conns connections (after 30 ordinary h2 requests that warm the
server up, so a JVM's first compilation is not counted as the attack's cost), while an ordinary GET on a fresh plain
connection is sent every 0.25 s; it records whether the server survived, the slowest ordinary
answer (or that one went unanswered within 5 s), the server's CPU (whole process tree, from
/proc) and its RSS before -> peak, the lines it printed, and what the attacker saw (GOAWAY and
its code, a reset, a status). HTTP/2 is spoken with hand-made frames (python3 standard library
only; no PyPI). Prints a markdown table; raw figures in bench/results/probes.json.
"""

import argparse
import json
import os
import socket
import select
import ssl
import struct
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST, SETTINGS, PUSH, PING, GOAWAY, WINDOW, CONT = range(10)
END_STREAM, END_HEADERS, ACK = 0x1, 0x4, 0x1
H2_CODES = {0: "NO_ERROR", 1: "PROTOCOL_ERROR", 2: "INTERNAL_ERROR", 3: "FLOW_CONTROL_ERROR", 6: "FRAME_SIZE_ERROR",
            7: "REFUSED_STREAM", 8: "CANCEL", 9: "COMPRESSION_ERROR", 11: "ENHANCE_YOUR_CALM"}
ORDINARY = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
MAX_CONNECTIONS = 40


# --------------------------------------------------------------------------------------------
# HTTP/2 by hand
# --------------------------------------------------------------------------------------------

def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def hpack_int(value, prefix, first=0):
    limit = (1 << prefix) - 1
    if value < limit:
        return bytes([first | value])
    out = [first | limit]
    value -= limit
    while value >= 128:
        out.append((value & 127) | 128)
        value >>= 7
    out.append(value)
    return bytes(out)


def literal(name, value):
    """A header as 'literal without indexing, new name', no Huffman coding."""
    n, v = name.encode(), value.encode()
    return b"\x00" + hpack_int(len(n), 7) + n + hpack_int(len(v), 7) + v


def request_block(path="/", method="GET", extra=()):
    block = literal(":method", method) + b"\x87" + literal(":path", path) + literal(":authority", "x")
    for name, value in extra:
        block += literal(name, value)
    return block


def h2_connect(port, rcvbuf=None):
    """A TLS connection that agreed on h2, preface and empty SETTINGS sent."""
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    raw.settimeout(5)
    raw.connect(("127.0.0.1", port))
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    ctx.set_alpn_protocols(["h2"])
    s = ctx.wrap_socket(raw, server_hostname="localhost")
    if s.selected_alpn_protocol() != "h2":
        s.close()
        raise OSError("no h2 by ALPN")
    s.sendall(PREFACE + frame(SETTINGS, 0, 0))
    return s


class FrameReader:
    """Reads frames when asked (poll/wait), on the thread that also writes: OpenSSL's
    connection objects must not be read and written from two threads at once. Remembers
    GOAWAY, resets and responses."""

    def __init__(self, s, ack_settings=True):
        self.s, self.ack, self.buf = s, ack_settings, b""
        self.goaway, self.resets, self.headers, self.closed_at, self.frames = None, 0, 0, None, 0

    def poll(self, timeout=0.0):
        if self.closed_at is not None:
            return
        try:
            if not self.s.pending() and not select.select([self.s], [], [], timeout)[0]:
                return
            chunk = self.s.recv(65536)
        except (OSError, ValueError):
            chunk = b""
        if not chunk:
            self.closed_at = time.monotonic()
            return
        self.buf += chunk
        while len(self.buf) >= 9:
            length = int.from_bytes(self.buf[:3], "big")
            if len(self.buf) < 9 + length:
                break
            kind, flags = self.buf[3], self.buf[4]
            payload, self.buf = self.buf[9:9 + length], self.buf[9 + length:]
            self.frames += 1
            if kind == GOAWAY and self.goaway is None:
                self.goaway = (time.monotonic(), int.from_bytes(payload[4:8], "big"))
            elif kind == RST:
                self.resets += 1
            elif kind == HEADERS:
                self.headers += 1
            elif kind == SETTINGS and not flags & ACK and self.ack:
                self.s.sendall(frame(SETTINGS, ACK, 0))

    def wait(self, seconds):
        end = time.monotonic() + seconds
        while self.closed_at is None and time.monotonic() < end:
            self.poll(0.05)


# --------------------------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------------------------

def cpu_seconds(root_pid):
    total = 0
    for p in H.tree_pids(root_pid):
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def ordinary(port, timeout=5.0):
    t0 = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(ORDINARY)
            head = s.recv(64)
            parts = head.split(b" ")
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            return status, time.monotonic() - t0
    except OSError:
        return None, time.monotonic() - t0


class Watch:
    """During a probe: an ordinary GET every 0.25 s, RSS every 0.1 s."""

    def __init__(self, run, plain_port):
        self.run, self.port, self.stop = run, plain_port, False
        self.answers, self.peak = [], H.rss_kb(run.pid)
        self.cpu0, self.t0 = cpu_seconds(run.pid), time.monotonic()
        self.lines0 = len(run.output().splitlines())
        self.threads = [threading.Thread(target=self._ask, daemon=True), threading.Thread(target=self._rss, daemon=True)]
        for t in self.threads:
            t.start()

    def _ask(self):
        while not self.stop:
            self.answers.append(ordinary(self.port))
            time.sleep(0.25)

    def _rss(self):
        while not self.stop:
            self.peak = max(self.peak, H.rss_kb(self.run.pid))
            time.sleep(0.1)

    def done(self):
        self.stop = True
        for t in self.threads:
            t.join()
        wall = time.monotonic() - self.t0
        cpu = cpu_seconds(self.run.pid) - self.cpu0
        failed = [a for a in self.answers if a[0] != 200]
        out = self.run.output().splitlines()[self.lines0:]
        return {"ordinary": len(self.answers), "ordinary_failed": len(failed),
                "ordinary_slowest_s": max((a[1] for a in self.answers), default=None),
                "cpu_s": cpu, "cpu_percent": 100 * cpu / wall, "wall_s": wall, "rss_peak_mb": self.peak / 1024,
                "lines": len(out), "sample": [l for l in out if l.strip()][:2]}


# --------------------------------------------------------------------------------------------
# probes: each returns what the attacker saw, in a few words
# --------------------------------------------------------------------------------------------

def until(seconds):
    end = time.monotonic() + seconds
    return lambda: time.monotonic() < end


def h2_floods(a, port, one_connection, read=True):
    """Runs one_connection(socket, reader, running) on --conns connections in parallel; with
    read=False nothing is read from the server (the reader is None)."""
    seen, threads, t0 = [], [], time.monotonic()
    running = until(a.seconds)

    def each():
        try:
            s = h2_connect(port, rcvbuf=4096)
        except OSError as e:
            seen.append("connect: %s" % e)
            return
        r = FrameReader(s, ack_settings=False) if read else None
        sent = [0]
        try:
            one_connection(s, r, running, sent)
            if r:
                r.wait(0.5)
        except OSError:
            pass
        sent = sent[0]
        closed = (r.closed_at if r and r.closed_at else time.monotonic()) - t0
        if r and r.goaway:
            seen.append("GOAWAY %s after %.2f s, %d sent" % (H2_CODES.get(r.goaway[1], r.goaway[1]), r.goaway[0] - t0, sent))
        elif closed < a.seconds - 0.1:
            seen.append("closed after %.2f s, %d sent" % (closed, sent))
        else:
            seen.append("open to the end, %d sent" % sent)
        s.close()
    for _ in range(a.conns):
        threads.append(threading.Thread(target=each, daemon=True))
        threads[-1].start()
    for t in threads:
        t.join(a.seconds + 10)
    return summarize(seen)


def summarize(seen):
    counts = {}
    for s in seen:
        key = s.split(",")[0].rsplit(" after ", 1)[0]
        counts.setdefault(key, []).append(s)
    return "; ".join("%d× %s" % (len(v), v[0]) if len(v) > 1 else v[0] for v in counts.values())


def rapid_reset(a, ports):
    def conn(s, r, running, sent):
        stream = 1
        while running() and r.closed_at is None:
            s.sendall(b"".join(frame(HEADERS, END_HEADERS | END_STREAM, stream + 2 * i, request_block())
                               + frame(RST, 0, stream + 2 * i, struct.pack(">I", 8)) for i in range(50)))
            stream += 100
            sent[0] += 50
            r.poll()
    return h2_floods(a, ports["h2"], conn)


def made_you_reset(a, ports):
    # The server resets the stream itself (WINDOW_UPDATE of 0 is a stream error) after the request was taken.
    def conn(s, r, running, sent):
        stream = 1
        while running() and r.closed_at is None:
            s.sendall(b"".join(frame(HEADERS, END_HEADERS | END_STREAM, stream + 2 * i, request_block())
                               + frame(WINDOW, 0, stream + 2 * i, struct.pack(">I", 0)) for i in range(50)))
            stream += 100
            sent[0] += 50
            r.poll()
    return h2_floods(a, ports["h2"], conn)


def continuation_flood(a, ports):
    def conn(s, r, running, sent):
        s.sendall(frame(HEADERS, END_HEADERS | END_STREAM, 1, request_block()))
        r.wait(0.5)  # the first request answered: the flood comes after it
        s.sendall(frame(HEADERS, 0, 3, request_block()))
        batch = frame(CONT, 0, 3) * 1000
        while running() and r.closed_at is None:
            s.sendall(batch)
            sent[0] += 1000
            r.poll()
    return h2_floods(a, ports["h2"], conn)


def never_reads(s, r, running, sent, kind=PING):
    payload = b"12345678" if kind == PING else b""
    batch = frame(kind, 0, 0, payload) * 500
    s.settimeout(0.5)
    while running():
        try:
            s.sendall(batch)
            sent[0] += 500
        except socket.timeout:
            continue  # the server's window to us is full: it stopped reading, or we never read its answers


def ping_flood(a, ports):
    return h2_floods(a, ports["h2"], never_reads, read=False)


def settings_flood(a, ports):
    return h2_floods(a, ports["h2"], lambda s, r, running, sent: never_reads(s, r, running, sent, SETTINGS), read=False)


def header_bomb(a, ports):
    seen = []
    # HTTP/1.1: 64 KiB of headers; HTTP/2: a header list of 64 KiB in one HEADERS frame with CONTINUATIONs.
    for _ in range(a.conns):
        try:
            with socket.create_connection(("127.0.0.1", ports["plain"]), timeout=5) as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-Bomb-%d: %s\r\n" % (i, b"a" * 1000)
                                                                      for i in range(64)) + b"\r\n")
                seen.append("h1: " + (s.recv(64).split(b"\r\n")[0].decode() or "closed"))
        except OSError as e:
            seen.append("h1: %s" % e.__class__.__name__)
        try:
            s = h2_connect(ports["h2"])
            r = FrameReader(s)
            block = request_block(extra=[("x-bomb-%d" % i, "a" * 1000) for i in range(64)])
            first, rest = block[:16000], block[16000:]
            s.sendall(frame(HEADERS, END_STREAM, 1, first) + b"".join(
                frame(CONT, END_HEADERS if i + 16000 >= len(rest) else 0, 1, rest[i:i + 16000])
                for i in range(0, len(rest), 16000)))
            r.wait(3)
            seen.append("h2: " + ("GOAWAY %s" % H2_CODES.get(r.goaway[1], r.goaway[1]) if r.goaway
                                  else "reset" if r.resets else "answered" if r.headers else "nothing"))
            s.close()
        except OSError as e:
            seen.append("h2: %s" % e.__class__.__name__)
    return summarize(seen)


def handshake_flood(a, ports):
    done, running = [0], until(a.seconds)
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE

    def each():
        while running():
            try:
                with socket.create_connection(("127.0.0.1", ports["h2"]), timeout=5) as raw:
                    with ctx.wrap_socket(raw, server_hostname="localhost"):
                        done[0] += 1
            except OSError:
                pass
    ts = [threading.Thread(target=each, daemon=True) for _ in range(a.conns)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return "%d handshakes, %.0f/s" % (done[0], done[0] / (time.monotonic() - t0))


def tls_slowloris(a, ports):
    held, running = [], until(a.seconds)
    for _ in range(300):
        try:
            s = socket.create_connection(("127.0.0.1", ports["h2"]), timeout=2)
            s.sendall(b"\x16\x03\x01\x02\x00\x01")  # the start of a ClientHello, never finished
            held.append(s)
        except OSError:
            break
    while running():
        time.sleep(0.2)
    open_ = 0
    for s in held:
        s.setblocking(False)
        try:
            open_ += 1 if s.recv(1) else 0
        except BlockingIOError:
            open_ += 1
        except OSError:
            pass
        s.close()
    return "%d held, %d still open at the end" % (len(held), open_)


def idle_h2_cap_fill(a, ports):
    conns = []
    for _ in range(MAX_CONNECTIONS):
        try:
            s = h2_connect(ports["h2"])
            r = FrameReader(s)
            s.sendall(frame(HEADERS, END_HEADERS | END_STREAM, 1, request_block()))
            conns.append((s, r))
        except OSError:
            break
    running = until(a.seconds)
    while running():
        for s, r in conns:
            r.poll()
        time.sleep(0.2)
    closed = sum(1 for s, r in conns if r.closed_at)
    for s, r in conns:
        s.close()
    return "%d idle h2 connections opened, %d closed by the server" % (len(conns), closed)


def body_abuse(a, ports):
    """Past the 1 MiB limit without a Content-Length: chunked over HTTP/1.1, DATA frames over h2.
    How much the server took before it stopped the upload, and how (status, reset, close)."""
    seen = []
    with socket.create_connection(("127.0.0.1", ports["plain"]), timeout=5) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        sent, chunk, answer = 0, b"%x\r\n%s\r\n" % (65536, b"a" * 65536), b""
        s.settimeout(0.5)
        running = until(a.seconds)
        try:
            while running() and sent < 64 << 20:
                s.sendall(chunk)
                sent += 65536
        except OSError:
            pass
        try:
            s.settimeout(1)
            answer = s.recv(64)
        except OSError:
            pass
        status = answer.split(b"\r\n")[0].decode() if answer else "no answer"
        seen.append("chunked: %s, %d MiB taken%s" % (status, sent >> 20, "" if sent < 64 << 20 else " (all sent)"))
    try:
        s = h2_connect(ports["h2"])
        r = FrameReader(s)
        s.sendall(frame(HEADERS, END_HEADERS, 1, request_block(method="POST")))
        sent = 0
        s.settimeout(2)
        try:
            while sent < 8 << 20 and not r.resets and not r.goaway and r.closed_at is None:
                s.sendall(frame(DATA, 0, 1, b"a" * 16384))
                sent += 16384
                r.poll()
        except OSError:
            pass
        r.wait(1)
        seen.append("h2: %s%s after %d KiB" % ("reset" if r.resets else "GOAWAY" if r.goaway else "window stalled",
                                                ", answered" if r.headers else "", sent >> 10))
        s.close()
    except OSError as e:
        seen.append("h2: %s" % e)
    return "; ".join(seen)


def pipelining(a, ports):
    n = 10000
    answered = 0
    with socket.create_connection(("127.0.0.1", ports["plain"]), timeout=5) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * n)
        buf, running = b"", until(a.seconds)
        try:
            while answered < n and running():
                chunk = s.recv(1 << 16)
                if not chunk:
                    break
                buf = buf[-16:] + chunk
                answered += chunk.count(b"HTTP/1.1 200")
        except OSError:
            pass
    return "%d of %d pipelined answered" % (answered, n)


def baseline(a, ports):
    """No attack: what the ordinary GETs and the server's own housekeeping cost, to subtract."""
    time.sleep(a.seconds)
    return "no attack"


PROBES = {
    "baseline": baseline, "rapid-reset": rapid_reset, "made-you-reset": made_you_reset, "continuation-flood": continuation_flood,
    "ping-flood": ping_flood, "settings-flood": settings_flood, "header-bomb": header_bomb,
    "handshake-flood": handshake_flood, "tls-slowloris": tls_slowloris, "idle-h2-cap-fill": idle_h2_cap_fill,
    "body-abuse": body_abuse, "pipelining": pipelining,
}
FLOODS = ("rapid-reset", "made-you-reset", "continuation-flood", "ping-flood", "settings-flood")


# --------------------------------------------------------------------------------------------
# servers
# --------------------------------------------------------------------------------------------

def certificate(wd):
    cert, key = os.path.join(wd, "cert.pem"), os.path.join(wd, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    os.chmod(key, 0o644)
    return cert, key


def berth_argv(a, wd, ports, log, cert, key):
    return [a.berth, "serve", "--bind", "https://127.0.0.1:%d" % ports["h2"], "--bind", "127.0.0.1:%d" % ports["plain"],
            "--tls-cert", cert, "--tls-key", key, "--max-body-size", "1MiB",
            "--max-connections", str(MAX_CONNECTIONS), "--access-log", log]


def nginx_argv(a, wd, ports, log, cert, key):
    pre = os.path.join(wd, "nginx")
    os.makedirs(pre, exist_ok=True)
    conf = os.path.join(pre, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""# generated by bench/probes.py: a private prefix, never the system's nginx
daemon off;
master_process on;
worker_processes 1;
pid %(pre)s/nginx.pid;
error_log stderr;
events { worker_connections %(wc)d; }
http {
  access_log %(log)s;
  client_max_body_size 1m;
  client_body_temp_path %(pre)s/tmp_body;
  proxy_temp_path %(pre)s/tmp_proxy;
  fastcgi_temp_path %(pre)s/tmp_fastcgi;
  uwsgi_temp_path %(pre)s/tmp_uwsgi;
  scgi_temp_path %(pre)s/tmp_scgi;
  server {
    listen 127.0.0.1:%(h2)d ssl http2;
    listen 127.0.0.1:%(plain)d;
    ssl_certificate %(cert)s;
    ssl_certificate_key %(key)s;
    location / { default_type text/plain; return 200 "ok"; }
  }
}
""" % {"pre": pre, "wc": MAX_CONNECTIONS + 8, "log": log, "h2": ports["h2"], "plain": ports["plain"],
               "cert": cert, "key": key})
    return ["/usr/sbin/nginx", "-p", pre, "-e", "stderr", "-c", conf]


class Launched(H.Server):
    """A server whose command line is already made."""

    def __init__(self, name, argv):
        self.name, self._argv = name, argv

    def argv(self, eps, wd, workers=None):
        return list(self._argv)


def warm_up(ports, n=30):
    """Ordinary h2 requests over fresh TLS connections, so that class loading and JIT compilation of the
    TLS and HTTP/2 paths (seconds of CPU in a fresh JVM) are not counted as the attack's cost."""
    for _ in range(n):
        try:
            s = h2_connect(ports["h2"])
            r = FrameReader(s)
            s.sendall(frame(HEADERS, END_HEADERS | END_STREAM, 1, request_block()))
            while not r.headers and r.closed_at is None:
                r.poll(1.0)
            s.close()
        except OSError:
            pass


def start(name, argv, wd, ports):
    run = H.Run(Launched(name, argv), [], wd)
    end = time.monotonic() + 60
    while time.monotonic() < end and run.poll() is None:
        if ordinary(ports["plain"], 1.0)[0] == 200:
            return run
        time.sleep(0.1)
    out = run.output()
    run.kill()
    raise RuntimeError("%s did not start: %s" % (name, out[-400:]))


def full_disk(a, name, make_argv, wd, cert, key):
    """Its own server: the access log on a 64 KiB tmpfs, 10,000 requests, then free space and SIGUSR1."""
    disk = os.path.join(wd, "disk-" + name)
    os.makedirs(disk, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]).returncode != 0:
        return None, "mount not permitted"
    ports = {"h2": H.free_port(), "plain": H.free_port()}
    run = None
    try:
        with open(os.path.join(disk, "filler"), "wb") as f:
            f.write(b"\0" * 32768)
        run = start(name, make_argv(a, wd, ports, os.path.join(disk, "access.log"), cert, key), wd, ports)
        time.sleep(0.5)
        watch = Watch(run, ports["plain"])
        said = pipelining(a, ports)
        os.remove(os.path.join(disk, "filler"))
        os.kill(run.pid, 10)  # SIGUSR1: reopen
        time.sleep(1.0)
        ordinary(ports["plain"])
        time.sleep(1.0)
        with open(os.path.join(disk, "access.log"), "rb") as f:
            tail = f.read()[-300:]
        row = watch.done()
        row["survived"] = run.poll() is None
        t0 = time.monotonic()
        run.signal(15)
        rc = run.wait(20)
        row["stop"] = "exit %s in %.1f s" % (rc, time.monotonic() - t0) if rc is not None else "no exit in 20 s"
        return row, "%s; logging again after space freed: %s; %s" % (said, "yes" if b"GET / " in tail else "no",
                                                                       row["stop"])
    finally:
        if run:
            run.kill()
        subprocess.run(["umount", "-l", disk])


def unix_restart(a, name, wd, cert, key):
    """Serve on a unix socket, kill -9, start again on the same path: does the second start serve?"""
    path = os.path.join(wd, "%s.sock" % name)
    if name == "berth":
        argv = [a.berth, "serve", "--bind", "unix:" + path]
    else:
        pre = os.path.join(wd, "nginx-unix")
        os.makedirs(pre, exist_ok=True)
        with open(os.path.join(pre, "nginx.conf"), "w") as f:
            f.write("daemon off; master_process off; pid %s/nginx.pid; error_log stderr;\nevents {}\n"
                    "http { access_log off; client_body_temp_path %s/tmp_body; server { listen unix:%s;"
                    " location / { return 200 \"ok\"; } } }\n" % (pre, pre, path))
        argv = ["/usr/sbin/nginx", "-p", pre, "-e", "stderr", "-c", os.path.join(pre, "nginx.conf")]

    def serving():
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(2)
                s.connect(path)
                s.sendall(ORDINARY)
                return s.recv(12).startswith(b"HTTP/1.1 200")
        except OSError:
            return False
    outcomes = []
    for attempt in range(2):
        run = H.Run(Launched(name, argv), [], wd)
        end = time.monotonic() + 60
        while time.monotonic() < end and run.poll() is None and not serving():
            time.sleep(0.1)
        ok = run.poll() is None and serving()
        outcomes.append("serves" if ok else "exit %s: %s" % (run.poll(), H.first_message(run.output())[:80]))
        if attempt == 0:
            os.killpg(run.pid, 9)
            run.wait(5)
        run.kill()
    if os.path.exists(path):
        os.unlink(path)
    return "first start %s; after kill -9, second start %s" % tuple(outcomes)


# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--berth", default=H.DEFAULT_BERTH)
    ap.add_argument("--only", nargs="*", default=["berth", "nginx"])
    ap.add_argument("--probe", nargs="*", default=list(PROBES) + ["full-disk", "unix-kill-9-restart"])
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--conns", type=int, default=4)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--cmdline", default="bench/probes.sh", help=argparse.SUPPRESS)
    a = ap.parse_args()

    if os.environ.get(H.NS_MARKER) != "1":
        launcher = H.ensure_berth(a.berth) if "berth" in a.only else None
        wd, _ = H.make_workdir(None)
        os.environ["BERTH_BENCH_PROVENANCE"] = H.berth_provenance(launcher) if launcher else ""
        argv = [os.path.abspath(__file__)] + sys.argv[1:] + ["--workdir", wd] + (["--berth", launcher] if launcher else [])
        r = subprocess.run(["unshare", "--net", "--mount", "--", H.PY] + argv, env=dict(os.environ, **{H.NS_MARKER: "1"}))
        import shutil
        shutil.rmtree(wd, ignore_errors=True)
        sys.exit(r.returncode)

    wd = a.workdir
    H.setup_sandbox(wd)
    cert, key = certificate(wd)
    others = H.OthersMeter()
    result = {"started": H.utc_now(), "berth": os.environ.get("BERTH_BENCH_PROVENANCE", ""), "cmdline": a.cmdline,
              "seconds": a.seconds, "conns": a.conns, "rows": []}
    makers = {"berth": berth_argv, "nginx": nginx_argv}
    for probe in a.probe:
        for name in a.only:
            H.log("probe %s: %s" % (probe, name))
            if probe == "full-disk":
                row, said = full_disk(a, name, makers[name], wd, cert, key)
                row = row or {}
            elif probe == "unix-kill-9-restart":
                row, said = {}, unix_restart(a, name, wd, cert, key)
            else:
                ports = {"h2": H.free_port(), "plain": H.free_port()}
                run = start(name, makers[name](a, wd, ports, os.path.join(wd, name + "-access.log"), cert, key), wd, ports)
                try:
                    warm_up(ports)
                    time.sleep(0.5)
                    rss0 = H.rss_kb(run.pid) / 1024
                    watch = Watch(run, ports["plain"])
                    try:
                        said = PROBES[probe](a, ports)
                    except Exception as e:  # a probe's own failure is a finding to show, not a crash
                        said = "probe failed: %r" % e
                    time.sleep(0.5)
                    row = watch.done()
                    row["rss_before_mb"] = rss0
                    row["survived"] = run.poll() is None
                finally:
                    run.kill()
            row.update({"probe": probe, "server": name, "seen": said})
            result["rows"].append(row)
            H.log("  %s" % said)
    result["others_cpu_percent"] = others.share()
    print("| probe | server | survived | ordinary GETs during (failed) | slowest ordinary | server CPU | RSS before -> peak"
          " | lines printed | what the attacker saw |\n|---|---|---|---|---|---|---|---|---|")
    for r in result["rows"]:
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["probe"], r["server"], {True: "yes", False: "**no**"}.get(r.get("survived"), ""),
            "%d (%d)" % (r["ordinary"], r["ordinary_failed"]) if "ordinary" in r else "",
            "%.2f s" % r["ordinary_slowest_s"] if r.get("ordinary_slowest_s") is not None else "",
            "%.0f %%" % r["cpu_percent"] if "cpu_percent" in r else "",
            "%.0f -> %.0f MB" % (r.get("rss_before_mb", 0), r["rss_peak_mb"]) if "rss_peak_mb" in r else "",
            r.get("lines", ""), r["seen"].replace("|", "/")))
    print("\n%s; %d attack connections, %.0f s per probe; other work used %.0f%% of all cores; berth: %s" % (
        result["started"], a.conns, a.seconds, result["others_cpu_percent"], result["berth"]))
    os.makedirs(os.path.join(H.BENCH_DIR, "results"), exist_ok=True)
    with open(os.path.join(H.BENCH_DIR, "results", "probes.json"), "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
