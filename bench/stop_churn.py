#!/usr/bin/env python3
"""A stop while clients keep connecting: what happens to each connection? (docs/reliability.md)

A server answers GET / on 127.0.0.1; client threads open one connection per request, without
pause, before, during and after a graceful stop (berth: SIGTERM; nginx: SIGQUIT, its graceful
stop). Each attempt ends as one of:
  answered  a complete HTTP response
  empty     connected, then a clean close with no byte of response (the request was lost)
  reset     connected, then a reset (ECONNRESET / EPIPE) before a response
  refused   the connect itself refused (nothing listens any more)
  timeout   no answer within 5 s
Only attempts that connected before the server process exited count as "accepted by the kernel"
(refused ones never were). The stop is clean when "empty" and "reset" are 0.

usage: bench/stop_churn.py --server berth|nginx [--berth 'CMD ...'] [--threads 8] [--rounds 5] [--warm 3]
  --berth: the command that runs berth (default ./berth); '{port}' is replaced by the port.
Loopback only; nginx-light and python3.
"""
import argparse, os, shlex, signal, socket, subprocess, sys, tempfile, threading, time

REQUEST = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def attempt(port):
    s = socket.socket()
    s.settimeout(5)
    try:
        s.connect(("127.0.0.1", port))
    except ConnectionRefusedError:
        return "refused"
    except socket.timeout:
        return "timeout"
    try:
        s.sendall(REQUEST)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        if data.startswith(b"HTTP/1.1 200") or data.startswith(b"HTTP/1.0 200"):
            return "answered"
        return "empty" if not data else "partial"
    except (ConnectionResetError, BrokenPipeError):
        return "reset"
    except socket.timeout:
        return "timeout"
    finally:
        s.close()


def wait_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nothing listens on %d" % port)


def start(server, port, berth, tmp):
    if server == "nginx":
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""daemon off; master_process on; worker_processes 2; pid %s/nginx.pid; error_log %s/error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:%d; location / { return 200 "ok\\n"; } } }
""" % (tmp, tmp, port))
        return subprocess.Popen(["nginx", "-c", conf, "-p", tmp], stderr=subprocess.PIPE), signal.SIGQUIT
    cmd = [a.replace("{port}", str(port)) for a in shlex.split(berth)]
    return subprocess.Popen(cmd, stderr=subprocess.PIPE), signal.SIGTERM


def round_(server, berth, threads, tmp, warm):
    port = free_port()
    proc, stop = start(server, port, berth, tmp)
    wait_port(port)
    counts, lock, going, exited = {}, threading.Lock(), [True], [None]

    def client():
        while going[0]:
            t0 = time.time()
            result = attempt(port)
            if result == "refused" and exited[0] is not None and t0 > exited[0]:
                result = "refused after exit"
            with lock:
                counts[result] = counts.get(result, 0) + 1

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    time.sleep(warm)
    proc.send_signal(stop)
    status = proc.wait(timeout=60)
    exited[0] = time.time()
    time.sleep(0.5)
    going[0] = False
    for w in workers:
        w.join()
    err = proc.stderr.read().decode(errors="replace")
    warnings = [l for l in err.splitlines() if "WARN" in l or "Exception" in l or l.startswith("\tat ")]
    return status, counts, warnings


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", choices=["berth", "nginx"], required=True)
    ap.add_argument("--berth", default="./berth serve --bind 127.0.0.1:{port}")
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warm", type=float, default=3.0, help="seconds of load before the stop")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="stop-churn-")
    total = {}
    for r in range(a.rounds):
        status, counts, warnings = round_(a.server, a.berth, a.threads, tmp, a.warm)
        print("round %d: exit %d, %s, warning/stack-trace lines %d" % (r + 1, status, dict(sorted(counts.items())), len(warnings)))
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
        total["warning lines"] = total.get("warning lines", 0) + len(warnings)
    print("total:", dict(sorted(total.items())))


if __name__ == "__main__":
    main()
