"""Debian's nginx started with deploy/nginx.conf, on the loopback, in front of an app server.

Used by the nginx test (tests/portal/test_nginx.py) and by scripts/benchmark. The deployed
file is read as it is; only what ties it to a server changes, each substitution checked to
match exactly once so that an edit of deploy/nginx.conf cannot silently escape the test:
ports, the certificate (a self-signed one made here), the cache and static folders, the
app server's address. Standard library only.
"""

import contextlib
import getpass
import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

from _site import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOYED = ROOT / "deploy" / "nginx.conf"
# Debian's packages: the server and the two modules the deployed file uses.
PACKAGES = "nginx libnginx-mod-http-cache-purge libnginx-mod-http-brotli-filter"
MODULES = Path("/etc/nginx/modules-enabled")
REQUIRED_MODULES = ("cache-purge", "brotli-filter")
# The header nginx adds to say whether a page came from its cache.
CACHE_HEADER = "X-Cache-Status"


class NginxMissing(RuntimeError):
    """nginx or one of its modules is not installed."""


def check_installed():
    """Raise NginxMissing, in French with the command to run, when something lacks."""
    enabled = " ".join(path.name for path in MODULES.glob("*.conf")) if MODULES.is_dir() else ""
    missing = [name for name in REQUIRED_MODULES if name not in enabled]
    if shutil.which("nginx") is None or missing:
        raise NginxMissing(f"nginx et ses modules sont requis : apt-get install {PACKAGES}")


def substitute(text, old, new):
    """`text` with `old` replaced by `new`, which must occur exactly once."""
    count = text.count(old)
    if count != 1:
        raise ValueError(f"deploy/nginx.conf : {old!r} trouvé {count} fois au lieu d'une")
    return text.replace(old, new)


def self_signed_certificate(folder):
    """A certificate and key for www.cainamur.be, valid one day (openssl)."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=www.cainamur.be", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


@contextlib.contextmanager
def running_nginx(workdir, app_port, static_root, purge_port=None):
    """Yield an Nginx in front of the app server on `app_port`, stopped afterwards.

    `purge_port`: the purge listener's port, when the app was started knowing it.
    """
    check_installed()
    workdir = Path(workdir)
    for name in ("cache", "logs", "temp"):
        (workdir / name).mkdir(parents=True, exist_ok=True)
    nginx = Nginx(free_port(), free_port(), purge_port or free_port())
    certificate, key = self_signed_certificate(workdir)
    site = DEPLOYED.read_text(encoding="utf-8")
    for old, new in (
        ("/var/cache/nginx/portail", str(workdir / "cache")),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80;", f"listen 127.0.0.1:{nginx.http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{nginx.https_port} ssl http2;"),
        ("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{nginx.purge_port};"),
        ("/etc/letsencrypt/live/www.cainamur.be/fullchain.pem", str(certificate)),
        ("/etc/letsencrypt/live/www.cainamur.be/privkey.pem", str(key)),
        ("/srv/portail/static/", f"{static_root}/"),
    ):
        site = substitute(site, old, new)
    (workdir / "site.conf").write_text(site, encoding="utf-8")
    # What Debian's /etc/nginx/nginx.conf gives a site file: the modules, MIME types, and
    # the temporary folders, here inside the work folder.
    main = workdir / "nginx.conf"
    # Started by root, nginx's workers would become "nobody" and could not read this run's
    # private folders: they keep the caller's account (as root, root).
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"""
daemon off;
{user}worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "logs" / "error.log"} warn;
include {MODULES}/*.conf;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path {workdir / "temp"};
    proxy_temp_path {workdir / "temp"};
    include {workdir / "site.conf"};
}}
""",
        encoding="utf-8",
    )
    # Debian's prefix, where its module files load from; every other path is absolute.
    command = ["nginx", "-p", "/usr/share/nginx/", "-e", str(workdir / "logs" / "error.log")]
    command += ["-c", str(main)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"configuration nginx refusée :\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        nginx.wait_until_up(process)
        yield nginx
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: finish the answers in flight
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Nginx:
    """The ports of a running nginx and a small HTTPS client for it."""

    def __init__(self, https_port, http_port, purge_port):
        """The three listening ports: the site (TLS), the redirect, the purge listener."""
        self.https_port = https_port
        self.http_port = http_port
        self.purge_port = purge_port

    @property
    def purge_url(self):
        """What FRONTEND_CACHE_PURGE_URL must be for the app to purge this nginx."""
        return f"http://127.0.0.1:{self.purge_port}"

    def wait_until_up(self, process, timeout=20):
        """Wait until nginx accepts connections, or fail with its error output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"nginx s'est arrêté :\n{process.stderr.read().decode()}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
                return
            time.sleep(0.1)
        raise RuntimeError("nginx ne répond pas.")

    def get(self, path, host="localhost", headers=None):
        """GET `path` over TLS (the certificate is this run's own): status, headers, body."""
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=context, timeout=60
        )
        try:
            connection.request("GET", path, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()
