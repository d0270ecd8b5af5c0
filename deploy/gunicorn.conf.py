"""Gunicorn configuration for the portal, read from the environment (docs/production.md).

Started by deploy/systemd/portail-web.service as `gunicorn --config deploy/gunicorn.conf.py`.
"""

import gc
import os
from pathlib import Path


def env_int(name, default):
    """An integer from the environment, or `default` when the variable is unset or empty."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def cores():
    """CPUs this process may use (a container or cpuset may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0))


# The project root, so the service starts the same way from any directory.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "portal.wsgi:application"
proc_name = "portail-cai"

# nginx talks to gunicorn on the loopback (or on a Unix socket: unix:/run/portail/gunicorn.sock).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# The classic 2 × cores + 1 sync workers: a request waiting on PostgreSQL leaves the CPU to
# another worker. Each worker holds a full Wagtail (~150 Mo); lower it on a small machine.
workers = env_int("GUNICORN_WORKERS", 2 * cores() + 1)
threads = env_int("GUNICORN_THREADS", 1)

# An admin upload (up to DOCUMENT_MAX_UPLOAD_SIZE) or an export may take a while; a worker
# stuck longer than this is killed and replaced. nginx's proxy_read_timeout should match.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# No recycling by default. With max_requests 1000 ± 100, workers that share the load evenly
# all reached their limit in the same second and restarted together: p99 went from 189 ms to
# 11 s (docs/performance.md). Each deployment restarts the workers anyway. If a leak ever
# shows in a worker's memory, set GUNICORN_MAX_REQUESTS: the jitter then defaults to half
# of it, so that restarts spread over a wide window instead of a ±10 % one.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2)

# The proxies whose X-Forwarded-Proto (gunicorn) and X-Forwarded-For (portal/proxy.py, which
# makes REMOTE_ADDR the visitor's address) are believed. Same variable for both on purpose.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs on stdout/stderr end up in the journal (journalctl -u portail-web). The access log
# holds visitors' addresses: personal data, kept as long as the journal keeps it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Heartbeat files in memory: a busy or slow disk must not make the arbiter kill workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"


def post_worker_init(worker):
    """Once the worker has loaded the site, keep what it loaded out of the garbage collector's
    way: Django, Wagtail, compiled templates and URL patterns are never freed, and walking
    them on every full collection cost a quarter of a large page's CPU (docs/performance.md)."""
    gc.freeze()
