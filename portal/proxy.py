"""The visitor's address behind a reverse proxy: REMOTE_ADDR from a trusted X-Forwarded-For.

Gunicorn's `forwarded_allow_ips` only decides whether the proxy's scheme headers are believed;
REMOTE_ADDR stays the proxy's own address. Everything that counts per visitor (the sign-up
rate limit, the access log) would then see a single visitor, so this WSGI middleware puts the
client's address back, trusting X-Forwarded-For only when it comes from a listed proxy.
"""

import ipaddress
import os

DEFAULT_TRUSTED = "127.0.0.1,::1"


def parse_networks(value):
    """'127.0.0.1, 10.0.0.0/8' → networks; '*' → None, meaning every peer is trusted."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    if "*" in items:
        return None
    return [ipaddress.ip_network(item, strict=False) for item in items]


def is_trusted(address, networks):
    """Is `address` one of the trusted proxies? An empty address is a Unix socket: local."""
    if networks is None or address == "":
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def is_ip_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_address(peer, forwarded_for, networks):
    """Walk X-Forwarded-For from the right, past our own proxies: the first other hop is the
    client. Entries further left were written by the client itself and prove nothing. A hop
    that is not an address ("not-an-ip", "1.2.3.4:80") ends the walk: the last address stays
    (what counts per visitor, and django-axes' database column, need an address)."""
    address = peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    while is_trusted(address, networks) and hops:
        hop = hops.pop()
        if not is_ip_address(hop):
            break
        address = hop
    return address


def request_address(request):
    """The request's address for django-axes (settings.AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR
    when it is an address, else None (axes stores it in an address column)."""
    address = request.META.get("REMOTE_ADDR", "")
    return address if is_ip_address(address) else None


class ForwardedForMiddleware:
    """Set REMOTE_ADDR to the client's address when the request came through a trusted proxy."""

    def __init__(self, app, trusted=None):
        """Wrap `app`; `trusted` defaults to FORWARDED_ALLOW_IPS, the variable gunicorn reads."""
        self.app = app
        if trusted is None:
            trusted = os.environ.get("FORWARDED_ALLOW_IPS", DEFAULT_TRUSTED)
        self.networks = parse_networks(trusted)

    def __call__(self, environ, start_response):
        """Rewrite the environ in place: gunicorn's access log reads the same dictionary."""
        forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded_for:
            peer = environ.get("REMOTE_ADDR", "")
            environ["REMOTE_ADDR"] = client_address(peer, forwarded_for, self.networks)
        return self.app(environ, start_response)
