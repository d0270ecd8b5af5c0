"""The tokens of the links e-mailed to people without an account (a registration to follow,
change or cancel): random, stored hashed, expiring.

A token is 32 random bytes (256 bits), URL-safe. Only its SHA-256 digest is stored, so a copy
of the database gives no working link; looking a link up hashes what the visitor brings and
compares digests in the database's index (a digest that matches is the token's own: no timing
comparison of secrets happens in Python).
"""

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token():
    """A fresh token and the digest to store: (token, digest)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, digest(token)


def digest(token):
    """The stored form of `token`."""
    return hashlib.sha256(token.encode()).hexdigest()
