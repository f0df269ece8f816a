"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendation)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 1024  # argon2 takes any length; the cap stops a megabyte "password" tying up a core

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
# `_hasher.hash` of a placeholder, written out: hashed at import it cost every process that
# imports the app (each server and command) a fifth of a second of CPU. A test holds it to
# `_hasher`'s parameters, so that it costs what a real hash costs.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$NG6YobyjyGrCcTXPPBOFKg"
    "$MSaRxi+3jCO613vxZQU58S7iywT7dp86rBSusa4+h9k"
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is unacceptable, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if not password.strip():
        return "A password cannot be only spaces."
    return None
