#!/usr/bin/python3
"""Side by side: `berth audit` run against berth and the servers people use -> docs/comparison.md.

    sudo bench/conformance.py            # or: bench/conformance.sh
    bench/conformance.py --only berth    # berth alone
    bench/conformance.py --berth PATH    # another launcher than server-cli/target/berth/bin/berth

A thin runner: every scenario, observation and verdict is `berth audit`'s (server-cli's
dev.berth.cli.audit, on server-testkit's fixtures), so there is one implementation of each.
This script only installs missing peers (apt-get), builds berth when needed, gives each server
its command lines (a plain one, a TLS one, a unix-socket one where the server needs a separate
start for it, a socket-activation one), runs `berth audit --json` on each and writes the table.
It exits 1 when berth's own audit has a FAIL.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

PY = H.PY
NGINX = os.path.join(H.BENCH_DIR, "nginx-audit.sh")
TLS_ROWS = "tls-missing,tls-expired,tls-mismatch"
UNIX_ROWS = "unix-nodir,unix-live,unix-stale"


def servers(berth):
    """name -> list of (audit options, command). Rows a command cannot express are n/a in its run;
    for each row the first run that applies wins."""
    b = [berth, "serve"]
    return {
        "berth": [
            (["--socket-activation", berth + " serve --bind systemd"],
             b + ["--bind", "{host}:{port}", "--bind", "{host}:{port2}", "--bind", "unix:{unix}"]),
            (["--only", TLS_ROWS], b + ["--bind", "https://{host}:{port}", "--tls-cert", "{cert}", "--tls-key", "{key}"]),
        ],
        "daphne": [
            (["--socket-activation", "/usr/bin/daphne --fd 3 app:app"], ["/usr/bin/daphne", "-b", "{host}", "-p", "{port}", "app:app"]),
            (["--only", UNIX_ROWS], ["/usr/bin/daphne", "-u", "{unix}", "app:app"]),
            (["--only", "second-busy"], ["/usr/bin/daphne", "-e", "tcp:port={port}:interface={host}",
                                         "-e", "tcp:port={port2}:interface={host}", "app:app"]),
            (["--only", TLS_ROWS], ["/usr/bin/daphne", "-e", "ssl:port={port}:interface={host}:privateKey={key}:certKey={cert}", "app:app"]),
        ],
        "uvicorn": [
            (["--socket-activation", PY + " -m uvicorn --fd 3 --no-access-log app:app"],
             [PY, "-m", "uvicorn", "--host", "{host}", "--port", "{port}", "--no-access-log", "app:app"]),
            (["--only", UNIX_ROWS], [PY, "-m", "uvicorn", "--uds", "{unix}", "--no-access-log", "app:app"]),
            (["--only", TLS_ROWS], [PY, "-m", "uvicorn", "--host", "{host}", "--port", "{port}", "--ssl-certfile", "{cert}",
                                    "--ssl-keyfile", "{key}", "app:app"]),
        ],
        "gunicorn": [
            (["--socket-activation", "/usr/bin/gunicorn -b fd://3 app:wsgi"],
             ["/usr/bin/gunicorn", "-b", "{host}:{port}", "-b", "{host}:{port2}", "-b", "unix:{unix}", "app:wsgi"]),
            (["--only", TLS_ROWS], ["/usr/bin/gunicorn", "-b", "{host}:{port}", "--certfile", "{cert}", "--keyfile", "{key}", "app:wsgi"]),
        ],
        "hypercorn": [
            (["--socket-activation", "/usr/bin/hypercorn -b fd://3 app:app"],
             ["/usr/bin/hypercorn", "-b", "{host}:{port}", "-b", "{host}:{port2}", "-b", "unix:{unix}", "app:app"]),
            (["--only", TLS_ROWS], ["/usr/bin/hypercorn", "-b", "{host}:{port}", "--certfile", "{cert}", "--keyfile", "{key}", "app:app"]),
        ],
        "nginx": [
            ([], [NGINX, "{host}:{port}", "{host}:{port2}", "unix:{unix}"]),
            (["--only", TLS_ROWS], [NGINX, "--tls", "{cert}", "{key}", "{host}:{port}"]),
        ],
        "python-http": [
            ([], [PY, "-m", "http.server", "--bind", "{host}", "{port}"]),
        ],
    }


def audit(berth, options, command, env):
    t = time.monotonic()
    r = subprocess.run([berth, "audit", "--json"] + options + ["--"] + command, env=env,
                       stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit("berth audit exited %d for %s" % (r.returncode, " ".join(command)))
    H.log("audited %s in %.0f s" % (" ".join(command[:3]), time.monotonic() - t))
    return json.loads(r.stdout)


def merge(reports):
    """One row per scenario: from the first run where it was not n/a."""
    rows = {}
    order = []
    for rep in reports:
        for row in rep["scenarios"]:
            if row["id"] not in rows:
                order.append(row["id"])
            if row["id"] not in rows or rows[row["id"]]["verdict"] == "n/a" and row["verdict"] != "n/a":
                rows[row["id"]] = dict(row, command=rep["command"])
    return [rows[i] for i in order]


def cell(row):
    v = row["verdict"]
    if v == "n/a":
        return "n/a"
    exit_ = "served" if row.get("ending") == "listened" else ("running" if row.get("exit") is None else "exit %s" % row["exit"])
    s = "%s %s" % ("**FAIL**" if v == "FAIL" else v, exit_)
    if row.get("seconds") is not None:
        s += " (%.2f s)" % row["seconds"]
    if v != "PASS" and row.get("reason"):
        s += ": " + row["reason"]
    return s


def esc(s, workdir, n=220):
    s = (s or "").replace(workdir, "$TMP").replace("|", "\\|").replace("\n", " ")
    return s if len(s) <= n else s[:n - 1] + "…"


def write(path, names, versions, merged, commands, cmdline, started, took, mach, workdir):
    L = ["# Berth beside the servers people use: `berth audit`", "",
         "Generated by `%s` on %s (took %.0f s). Do not edit by hand: rerun the command." % (cmdline, started, took), "",
         "Every cell is a verdict of [`berth audit`](audit.md) (its rules are listed there): **FAIL** marks a "
         "server that lied or did harm (exit 0 on a failure, served where it failed, took over a live socket, "
         "never ended, served with broken TLS material), WARN an honest but unhelpful failure, then the exit "
         "status and seconds to exit (for the stop rows: from the signal).", "",
         "Machine: %s, %s cores (`nproc`), %s, kernel %s, %s; %s; python %s; load average at start %s."
         % (mach["cpu"], mach["nproc"], mach["memory"], mach["kernel"], mach["os"], mach["java"], mach["python"],
            mach["loadavg_at_start"]), "",
         "Servers: " + ", ".join("%s %s" % (n, versions[n]) for n in names) + ".", ""]
    if os.environ.get("BERTH_BENCH_PROVENANCE"):
        L += ["berth tested: %s." % os.environ["BERTH_BENCH_PROVENANCE"], ""]
    L += ["| scenario | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    ids = [r["id"] for r in merged[names[0]]]
    for i in ids:
        title = next(r["title"] for r in merged[names[0]] if r["id"] == i)
        L.append("| " + " | ".join([title] + [esc(cell(next(r for r in merged[n] if r["id"] == i)), workdir) for n in names]) + " |")
    L += ["", "## The command lines", "",
          "Each server was audited with these commands (`berth audit --json [OPTIONS] -- COMMAND`); a row comes "
          "from the first command that can express it.", ""]
    for n in names:
        L.append("- %s: %s" % (n, "; ".join("`%s`" % ((" ".join(o) + " -- " if o else "") + " ".join(c)).replace(workdir, "$TMP")
                                            for o, c in commands[n])))
    L += ["", "## What each server said", "",
          "The first meaningful line of its output (an error-looking line, the last line of a Python traceback, "
          "else the first line) and the facts the audit recorded.", ""]
    for n in names:
        L += ["### %s %s" % (n, versions[n]), "", "| scenario | verdict | first line | facts |", "|---|---|---|---|"]
        for r in merged[n]:
            if r["verdict"] == "n/a":
                L.append("| %s | n/a: %s | | |" % (r["title"], esc(r["reason"], workdir)))
            else:
                L.append("| %s | %s | `%s` | %s |" % (r["title"], r["verdict"], esc(r.get("firstLine"), workdir).replace("`", "'"),
                                                     esc("; ".join(r.get("facts", [])), workdir)))
        L.append("")
    with open(path, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--berth", default=H.DEFAULT_BERTH, help="berth launcher (default: %(default)s)")
    ap.add_argument("--only", nargs="*", help="servers to run (berth daphne uvicorn gunicorn hypercorn nginx python-http)")
    ap.add_argument("--out", default=os.path.join(H.REPO, "docs", "comparison.md"))
    ap.add_argument("--build-from-head", action="store_true", help="measure berth built from `git archive HEAD` in a temp dir")
    ap.add_argument("--no-setup", action="store_true", help="do not apt-get install / build")
    ap.add_argument("--cmdline", default="bench/conformance.sh", help=argparse.SUPPRESS)
    a = ap.parse_args()

    all_names = ["berth", "daphne", "uvicorn", "gunicorn", "hypercorn", "nginx", "python-http"]
    names = [n for n in all_names if not a.only or n in a.only]
    if not a.no_setup:
        H.ensure_packages([n for n in names if n not in ("berth", "python-http")])
    prov = None
    if a.build_from_head:
        launcher, prov = H.build_from_head()
    else:
        launcher = H.ensure_berth(a.berth) if not a.no_setup else a.berth
    # a world-readable copy of berth and of bench/app.py: the privileged row runs the server as nobody
    workdir, nobody_launcher = H.make_workdir(launcher)
    os.environ["BERTH_BENCH_PROVENANCE"] = prov or H.berth_provenance(launcher)
    env = dict(os.environ, PYTHONPATH=workdir)
    versions = {s.name: s.version() for s in H.all_servers(launcher, names)}
    mach = H.machine()
    started, t0 = H.utc_now(), time.monotonic()
    commands = {n: c for n, c in servers(nobody_launcher).items() if n in names}
    merged = {}
    try:
        for n in names:
            merged[n] = merge([audit(launcher, o, c, env) for o, c in commands[n]])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    write(a.out, names, versions, merged, commands, a.cmdline, started, time.monotonic() - t0, mach, workdir)
    H.log("wrote", a.out)
    failed = [r["title"] for r in merged.get("berth", []) if r["verdict"] == "FAIL"]
    for t in failed:
        print("FAIL: berth / %s" % t)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
