"""TLS material and per-server TLS command lines for the conformance suite and the benchmark.

Material is made with openssl (Debian's, present wherever the peers are): a good self-signed
certificate for localhost/127.0.0.1, a second key that does not match it, an expired
certificate, a PKCS#12 keystore (berth) and an encrypted PEM key (for the peers whose password
option is for an encrypted key: uvicorn --ssl-keyfile-password, nginx ssl_password_file).
Each server is wrapped, not changed: TlsServer gives the same argv/prepare with its TLS options.
"""

import os
import subprocess

import harness as H

PASSWORD = "berth-bench"


def _openssl(*args):
    subprocess.run(["openssl"] + list(args), check=True, capture_output=True)


def material(wd):
    """Files under wd/tls (made once per work directory); readable by anyone (nobody rows)."""
    d = os.path.join(wd, "tls")
    if os.path.exists(os.path.join(d, "done")):
        return _paths(d)
    os.makedirs(d, exist_ok=True)
    os.chmod(d, 0o755)
    san = "subjectAltName=DNS:localhost,IP:127.0.0.1"
    for name, days in (("good", "365"), ("other", "365")):
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", days, "-subj", "/CN=localhost",
                 "-addext", san, "-keyout", os.path.join(d, name + "-key.pem"), "-out", os.path.join(d, name + ".pem"))
    # expired: openssl 3.0 cannot backdate a self-signed certificate; keytool (the JDK berth runs
    # on) can: valid 2 days, from 30 days ago. Exported to PEM with openssl.
    p12 = os.path.join(d, "expired.p12")
    subprocess.run(["keytool", "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-startdate", "-30d",
                    "-validity", "2", "-keystore", p12, "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-keypass", PASSWORD], check=True, capture_output=True)
    _openssl("pkcs12", "-in", p12, "-passin", "pass:" + PASSWORD, "-nokeys", "-out", os.path.join(d, "expired.pem"))
    _openssl("pkcs12", "-in", p12, "-passin", "pass:" + PASSWORD, "-nocerts", "-nodes",
             "-out", os.path.join(d, "expired-key.pem"))
    _openssl("pkcs12", "-export", "-in", os.path.join(d, "good.pem"), "-inkey", os.path.join(d, "good-key.pem"),
             "-out", os.path.join(d, "good.p12"), "-passout", "pass:" + PASSWORD)
    _openssl("pkey", "-in", os.path.join(d, "good-key.pem"), "-aes256", "-passout", "pass:" + PASSWORD,
             "-out", os.path.join(d, "encrypted-key.pem"))
    for name, text in (("right.password", PASSWORD + "\n"), ("wrong.password", "not-the-password\n")):
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    for f in os.listdir(d):
        os.chmod(os.path.join(d, f), 0o644)
    open(os.path.join(d, "done"), "w").close()
    return _paths(d)


def _paths(d):
    j = lambda n: os.path.join(d, n)  # noqa: E731
    return {"cert": j("good.pem"), "key": j("good-key.pem"), "other_key": j("other-key.pem"),
            "expired": j("expired.pem"), "expired_key": j("expired-key.pem"), "p12": j("good.p12"), "encrypted_key": j("encrypted-key.pem"),
            "right_password": j("right.password"), "wrong_password": j("wrong.password"),
            "missing": j("no-such-cert.pem")}


def plan(server, case, m):
    """(cert, key, password_file or None, keystore or None) for this case, or None if n/a."""
    if case == "missing":
        return {"cert": m["missing"], "key": m["key"]}
    if case == "mismatch":
        return {"cert": m["cert"], "key": m["other_key"]}
    if case == "expired":
        return {"cert": m["expired"], "key": m["expired_key"]}
    if case == "password":
        if server.name == "berth":
            return {"keystore": m["p12"], "password_file": m["wrong_password"]}
        if server.name in ("uvicorn", "nginx"):
            return {"cert": m["cert"], "key": m["encrypted_key"], "password_file": m["wrong_password"]}
        return None
    if case == "good":
        return {"cert": m["cert"], "key": m["key"]}
    raise ValueError(case)


class TlsServer:
    """`server` with TLS on every TCP endpoint, using the files in `p` (see plan())."""

    def __init__(self, server, p):
        self._s, self._p = server, p

    def __getattr__(self, name):
        return getattr(self._s, name)

    def prepare(self, eps, wd, workers=None):
        self._s.prepare(eps, wd, workers)
        if self._s.name == "nginx":
            conf = os.path.join(self._s._prefix(wd), "nginx.conf")
            with open(conf) as f:
                text = f.read()
            for e in eps:
                text = text.replace("listen %s;" % H.ep_text(e), "listen %s ssl;" % H.ep_text(e))
            extra = "    ssl_certificate %s;\n    ssl_certificate_key %s;\n" % (self._p["cert"], self._p["key"])
            if self._p.get("password_file"):
                extra += "    ssl_password_file %s;\n" % self._p["password_file"]
            text = text.replace("    location / {", extra + "    location / {")
            with open(conf, "w") as f:
                f.write(text)

    def argv(self, eps, wd, workers=None):
        a = self._s.argv(eps, wd, workers)
        p, n = self._p, self._s.name
        if n == "berth":
            a = ["https://" + x if i > 0 and a[i - 1] == "--bind" else x for i, x in enumerate(a)]
            if "keystore" in p:
                return a + ["--tls-keystore", p["keystore"], "--tls-password-file", p["password_file"]]
            return a + ["--tls-cert", p["cert"], "--tls-key", p["key"]]
        if n == "uvicorn":
            extra = ["--ssl-certfile", p["cert"], "--ssl-keyfile", p["key"]]
            if p.get("password_file"):
                with open(p["password_file"]) as f:
                    extra += ["--ssl-keyfile-password", f.read().strip()]
            return a[:-1] + extra + a[-1:]
        if n in ("gunicorn", "hypercorn"):
            return a[:-1] + ["--certfile", p["cert"], "--keyfile", p["key"]] + a[-1:]
        if n == "daphne":
            e = eps[0]
            return ["/usr/bin/daphne", "-e", "ssl:port=%s:interface=%s:privateKey=%s:certKey=%s"
                    % (e[2], e[1], p["key"], p["cert"]), "app:app"]
        return a


def https_ok(ep, timeout=0.5):
    """One GET / over TLS (certificate not verified: the bench's own self-signed one) -> 200?"""
    import socket
    import ssl
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((ep[1], int(ep[2])), timeout=timeout) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                data = s.recv(64)
                return data.startswith(b"HTTP/1.") and data[9:12] == b"200"
    except OSError:
        return False


def wait_https(run, ep, timeout):
    """Seconds from launch to the first HTTPS 200 on ep, or None."""
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if https_ok(ep):
            return run.elapsed()
        if run.poll() is not None:
            return None
        time.sleep(0.02)
    return None
