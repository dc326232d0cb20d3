"""The static-file row of bench.sh: berth --static vs nginx `root` vs `python3 -m http.server`.

Each server serves the same directory (index.html, 1k.bin of 1 KiB, 1m.bin of 1 MiB); wrk
fetches one file at a time, with the same threads, connections and duration as the main
wrk rows, after a warm-up. berth and nginx get as many workers as cores (berth --instances N,
nginx worker_processes N, both with sendfile); python's http.server is one threaded process
(it has no worker option). Access logs are off, except in a second berth column that
measures the cost of `--access-log FILE`.
"""

import os

import harness as H

FILES = [("1k.bin", 1024), ("1m.bin", 1024 * 1024)]


def make_site(wd):
    """A world-readable directory (nginx's workers run as nobody)."""
    site = os.path.join(wd, "static-site")
    os.makedirs(site, exist_ok=True)
    os.chmod(site, 0o755)
    with open(os.path.join(site, "index.html"), "w") as f:
        f.write("<!DOCTYPE html><title>bench</title>ok\n")
    for name, size in FILES:
        with open(os.path.join(site, name), "wb") as f:
            f.write(os.urandom(size))
    for name in os.listdir(site):
        os.chmod(os.path.join(site, name), 0o644)
    return site


class BerthStatic(H.Berth):
    def __init__(self, launcher, site, access_log=None):
        super().__init__(launcher)
        self.name = "berth --access-log FILE" if access_log else "berth"
        self.site = site
        self.access_log = access_log

    def argv(self, eps, wd, workers=None):
        a = super().argv(eps, wd, workers) + ["--static", self.site]
        return a + ["--access-log", self.access_log] if self.access_log else a


class NginxStatic(H.Nginx):
    def __init__(self, site):
        self.static = site  # harness.Nginx writes `root` and `sendfile on` for it


class PythonHttpServer(H.PythonHttpServer):
    name = "python3 -m http.server"

    def __init__(self, site):
        self.static = site


def servers(launcher, wd, only=None):
    site = make_site(wd)
    # berth once more with its access log to a file: what the log costs, in the same run.
    s = [BerthStatic(launcher, site), BerthStatic(launcher, site, os.path.join(wd, "access.log")),
         NginxStatic(site), PythonHttpServer(site)]
    if only:
        # python's http.server is this row's own peer: --only picks among the others.
        s = [x for x in s if isinstance(x, PythonHttpServer) or x.name.split()[0] in only or x.name in only]
    return s


def measure(measure_wrk_path, launcher, wd, a):
    """-> {server name: {file: {"rps": median, "p99_ms": median, "errors": n}}}, versions."""
    import statistics
    result, versions = {}, {}
    for s in servers(launcher, wd, a.only):
        versions[s.name] = s.version()
        result[s.name] = {}
        for name, _ in FILES:
            w = measure_wrk_path(s, wd, None if isinstance(s, PythonHttpServer) else a.workers, a.wrk_runs,
                                 a.wrk_seconds, a.wrk_threads, a.wrk_conns, a.warmup, path="/" + name)
            if w and w["runs"]:
                result[s.name][name] = {
                    "rps": statistics.median(r["rps"] for r in w["runs"]),
                    "p99_ms": statistics.median(r["p99_ms"] for r in w["runs"]),
                    "errors": sum(r["socket_errors"] + r["non2xx"] for r in w["runs"]),
                }
    return result, versions


def markdown(result, versions, a, provenance):
    """The section bench.sh appends to docs/performance.md."""
    lines = ["", "## Static files: berth --static vs nginx `root` vs `python3 -m http.server`", "",
             "Same run, same directory, one file per wrk run: `wrk -t%d -c%d -d%ds --latency`, median of %d "
             "(after a %d s warm-up). berth (%s) and nginx `root` with %d workers each, sendfile on both; "
             "python's http.server is one threaded process. Access logs off, except in the column "
             "`berth --access-log FILE` (its ratio to plain berth is the access log's cost)."
             % (a.wrk_threads, a.wrk_conns, a.wrk_seconds, a.wrk_runs, a.warmup, provenance or "berth", a.workers),
             ""]
    names = list(result)
    lines.append("| file | " + " | ".join("%s %s" % (n, versions.get(n, "")) for n in names) + " | berth / nginx; berth with / without access log |")
    lines.append("|---|" + "---|" * (len(names) + 1))
    for name, size in FILES:
        cells, ratio = [], ""
        for n in names:
            r = result[n].get(name)
            cells.append("%.0f req/s, p99 %.2f ms%s" % (r["rps"], r["p99_ms"], ", %d errors" % r["errors"] if r["errors"] else "")
                         if r else "n/a")
        b, x = result.get("berth", {}).get(name), result.get("nginx", {}).get(name)
        if b and x:
            ratio = "%.2f× req/s, %.2f× p99" % (b["rps"] / x["rps"], b["p99_ms"] / x["p99_ms"])
        a_log = result.get("berth --access-log FILE", {}).get(name)
        if b and a_log:
            ratio += "; access log: %.2f× req/s" % (a_log["rps"] / b["rps"])
        lines.append("| %s (%s) | %s | %s |" % (name, "1 KiB" if size == 1024 else "1 MiB", " | ".join(cells), ratio))
    return "\n".join(lines) + "\n"
