#!/usr/bin/env python3
# Hands sockets to a command the way systemd does (descriptors 3, 4, ... plus LISTEN_FDS,
# LISTEN_PID, LISTEN_FDNAMES), including the wrong ways, so that a server's checks can be
# tested with real descriptors. Java's ProcessBuilder passes no descriptor above 2, so the
# passing happens here, in a process that execs (or, with --runs, forks and execs) the command.
#
# usage: pass-sockets.py [--socket KIND ADDRESS NAME]... [--listen-pid self|parent|N]
#            [--listen-fds N] [--no-listen-env] [--addresses FILE] [--runs N] -- COMMAND...
# KIND: tcp (listening), udp, tcp-bound (bound, never listening), unix (listening), none
# (descriptor left closed). ADDRESS: HOST:PORT, [V6]:PORT or a path; NAME: its LISTEN_FDNAMES entry.
import fcntl, json, os, signal, socket, sys


def make(kind, address):
    if kind == "none":
        return None
    if kind == "unix":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(address)
        s.listen(128)
        return s
    host, port = address.rsplit(":", 1)
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM)
    s.bind((host, int(port)))
    if kind == "tcp":
        s.listen(1024)
    elif kind not in ("udp", "tcp-bound"):
        sys.exit("pass-sockets: unknown socket kind " + kind)
    return s


def where(s):
    if s is None:
        return None
    name = s.getsockname()
    if s.family == socket.AF_UNIX:
        return "unix:" + name
    return ("[%s]:%d" if s.family == socket.AF_INET6 else "%s:%d") % (name[0], name[1])


def main(argv):
    sockets, names, pid_mode, fds_override, env_on, addresses, runs = [], [], "self", None, True, None, 1
    i = 0
    while argv[i] != "--":
        a = argv[i]
        if a == "--socket":
            sockets.append(make(argv[i + 1], argv[i + 2]))
            names.append(argv[i + 3])
            i += 4
            continue
        if a == "--listen-pid":
            pid_mode = argv[i + 1]
        elif a == "--listen-fds":
            fds_override = argv[i + 1]
        elif a == "--addresses":
            addresses = argv[i + 1]
        elif a == "--runs":
            runs = int(argv[i + 1])
        elif a == "--no-listen-env":
            env_on = False
            i += 1
            continue
        else:
            sys.exit("pass-sockets: unknown option " + a)
        i += 2
    command = argv[i + 1:]
    if addresses:
        with open(addresses + ".tmp", "w") as f:
            json.dump([where(s) for s in sockets], f)
        os.replace(addresses + ".tmp", addresses)

    def exec_child():
        # Descriptors 3.. in order. Copies far above first, so that placing one socket never
        # overwrites another; dup2 leaves the copy inheritable (close-on-exec off).
        high = [fcntl.fcntl(s.fileno(), fcntl.F_DUPFD_CLOEXEC, 200) if s is not None else None for s in sockets]
        for n, fd in enumerate(high):
            if fd is not None:
                os.dup2(fd, 3 + n)
            else:
                try:
                    os.close(3 + n)
                except OSError:
                    pass
        env = dict(os.environ)
        if env_on:
            pid = {"self": os.getpid(), "parent": os.getppid()}.get(pid_mode) or int(pid_mode)
            env["LISTEN_PID"] = str(pid)
            env["LISTEN_FDS"] = fds_override or str(len(sockets))
            env["LISTEN_FDNAMES"] = ":".join(names)
        os.execvpe(command[0], command, env)

    if runs == 1 and addresses is None:
        exec_child()
    # Supervisor mode: hold the sockets and run the command again each time it exits, like
    # systemd with Restart=always. Each start is announced on stdout. SIGTERM or SIGINT here is
    # passed on to the running command and ends the runs; the exit status is the command's.
    state = {"child": 0, "stopping": False}

    def forward(signum, _frame):
        state["stopping"] = True
        if state["child"]:
            os.kill(state["child"], signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    code = 0
    for run in range(runs):
        if state["stopping"]:
            break
        child = os.fork()
        if child == 0:
            try:
                exec_child()
            finally:
                os._exit(127)
        state["child"] = child
        announce("pass-sockets: started pid %d run %d" % (child, run + 1))
        _, status = os.waitpid(child, 0)
        state["child"] = 0
        code = os.waitstatus_to_exitcode(status)
        announce("pass-sockets: pid %d exited %d" % (child, code))
    sys.exit(code if code >= 0 else 128 - code)


def announce(line):
    """One write(2) of the whole line: the child shares this stdout, and print() may write the
    text and its newline separately, letting the child's first line land between them."""
    sys.stdout.flush()
    os.write(1, (line + "\n").encode())


if __name__ == "__main__":
    main(sys.argv[1:])
