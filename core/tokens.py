"""The tokens of the links e-mailed to people without an account (a registration to follow,
change or cancel): random, stored hashed, expiring.

Each record keeps a random salt (256 bits). Its link's token is an HMAC-SHA256 of that salt
under the site's SECRET_KEY: unguessable without the key, and rebuilt by the e-mail tasks from
the record, so that no working link sits in the database or in the task queue's arguments. The
record stores the token's SHA-256 digest, and a visitor's link is looked up by the digest of
what it brings (an indexed, exact match). Changing SECRET_KEY ends every link; expiry is the
record's own (its `token_expires`).
"""

import hashlib
import secrets

from django.utils.crypto import salted_hmac

SALT_BYTES = 32


def new_salt():
    """A fresh random salt for a record's link."""
    return secrets.token_urlsafe(SALT_BYTES)


def token_for(purpose, salt):
    """The link's token of the record with `salt`, for `purpose` ("agenda.registration")."""
    return salted_hmac(purpose, salt, algorithm="sha256").hexdigest()


def digest(token):
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
