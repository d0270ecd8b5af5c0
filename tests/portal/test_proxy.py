"""Behind the reverse proxy, REMOTE_ADDR is the visitor's address, never a forged one."""

import pytest

from portal.proxy import ForwardedForMiddleware


def remote_addr(peer, forwarded_for=None, trusted="127.0.0.1,::1"):
    """The REMOTE_ADDR the wrapped application sees for a request from `peer`."""
    seen = {}

    def app(environ, start_response):
        seen["addr"] = environ["REMOTE_ADDR"]
        return []

    environ = {"REMOTE_ADDR": peer}
    if forwarded_for is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded_for
    ForwardedForMiddleware(app, trusted=trusted)(environ, lambda *args: None)
    return seen["addr"]


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "expected"),
    [
        # nginx on the same machine passes the visitor on.
        ("127.0.0.1", "203.0.113.7", "127.0.0.1,::1", "203.0.113.7"),
        ("::1", "2001:db8::5", "127.0.0.1,::1", "2001:db8::5"),
        # A visitor's own X-Forwarded-For is kept to the left of the one nginx appends.
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", "127.0.0.1", "203.0.113.7"),
        # Two proxies of ours (a load balancer on the private network, then nginx).
        ("127.0.0.1", "203.0.113.7, 10.0.0.4", "127.0.0.1,10.0.0.0/8", "203.0.113.7"),
        # Someone reaching gunicorn directly cannot choose their address.
        ("198.51.100.9", "203.0.113.7", "127.0.0.1", "198.51.100.9"),
        # A Unix socket has no peer address: only the proxy can connect to it.
        ("", "203.0.113.7", "127.0.0.1", "203.0.113.7"),
        ("10.1.2.3", "203.0.113.7", "*", "203.0.113.7"),
        # A hop that is not an address ends the walk: the last address stays.
        ("127.0.0.1", "not-an-ip", "127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7:443", "127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7, <script>, 10.0.0.4", "127.0.0.1,10.0.0.0/8", "10.0.0.4"),
    ],
)
def test_client_address(peer, forwarded_for, trusted, expected):
    assert remote_addr(peer, forwarded_for, trusted) == expected


def test_without_a_proxy_header_nothing_changes():
    assert remote_addr("203.0.113.7") == "203.0.113.7"


def test_trusted_proxies_default_to_gunicorns_variable(monkeypatch):
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "192.0.2.1")
    middleware = ForwardedForMiddleware(lambda environ, start_response: [])
    environ = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    middleware(environ, None)
    assert environ["REMOTE_ADDR"] == "203.0.113.7"


def test_wsgi_application_is_wrapped():
    from portal.wsgi import application

    assert isinstance(application, ForwardedForMiddleware)
