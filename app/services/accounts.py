"""Accounts: users, signing in (with its throttling) and signed-in sessions. Personal API
tokens are app.services.api_tokens."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Update, delete, func, select, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.db import rows_changed
from app.models import LoginFailure, User, UserSession, utcnow
from app.passwords import hash_password, needs_rehash, password_problem, verify_password
from app.vocabulary import Role

SESSION_LIFETIME = timedelta(days=14)
# Sessions and tokens record when they were last used, but at most this often: no write per read.
TOUCH_EVERY = timedelta(minutes=5)
THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_MAX_FAILURES = 10

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class SignInRefused(Exception):
    message: str
    retry_after: timedelta | None = None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_username(username: str) -> str:
    return username.strip().lower()


def create_user(
    session: Session, username: str, password: str, role: str, display_name: str = ""
) -> User:
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise AccountError(
            "A username is 2–40 letters, digits, dots, dashes or underscores, starting with a "
            "letter or digit.",
            "username",
        )
    if role not in (Role.analyst, Role.admin):
        raise AccountError("The role must be analyst or admin.", "role")
    if problem := password_problem(password):
        raise AccountError(problem, "password")
    if find_user(session, name) is not None:
        raise AccountError(f"There is already a user called {name}.", "username")
    user = User(
        username=name,
        display_name=display_name.strip()[:100] or name,
        role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User | None:
    return (
        session.execute(select(User).where(User.username == normalise_username(username)))
        .scalars()
        .first()
    )


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.username)).scalars())


def set_disabled(session: Session, user: User, disabled: bool) -> None:
    """Disabling ends the user's sessions at once; their API tokens stop working too."""
    user.disabled_at = utcnow() if disabled else None
    user.version += 1
    if disabled:
        end_all_sessions(session, user.id)


def set_role(session: Session, user: User, role: str) -> None:
    if role not in (Role.analyst, Role.admin):
        raise AccountError("The role must be analyst or admin.", "role")
    user.role = role
    user.version += 1


def change_password(session: Session, user: User, new_password: str) -> None:
    """A new password ends every session of the user (the caller may start a fresh one)."""
    if problem := password_problem(new_password):
        raise AccountError(problem, "new_password")
    user.password_hash = hash_password(new_password)
    user.version += 1
    end_all_sessions(session, user.id)


def authenticate(session: Session, username: str, password: str, client: str) -> User:
    """The user these credentials belong to, or SignInRefused. Failures are throttled per
    account and client address: after THROTTLE_MAX_FAILURES within THROTTLE_WINDOW that pair
    waits until the oldest failure ages out. Nobody can lock an account for good, nor lock its
    owner out from another address."""
    name = normalise_username(username)[:40]
    now = utcnow()
    failures = list(
        session.execute(
            select(LoginFailure.at)
            .where(
                LoginFailure.username == name,
                LoginFailure.client == client,
                LoginFailure.at > now - THROTTLE_WINDOW,
            )
            .order_by(LoginFailure.at.desc())
            .limit(THROTTLE_MAX_FAILURES)
        ).scalars()
    )
    if len(failures) >= THROTTLE_MAX_FAILURES:
        oldest = failures[-1]
        raise SignInRefused(
            "Too many failed attempts. Wait a few minutes, then try again.",
            retry_after=max(timedelta(seconds=1), oldest + THROTTLE_WINDOW - now),
        )
    user = find_user(session, name)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        session.add(LoginFailure(username=name, client=client[:64], at=now))
        raise SignInRefused("That username and password do not match.")
    if user.disabled_at is not None:
        raise SignInRefused("This account is disabled. Ask an administrator.")
    session.execute(
        delete(LoginFailure).where(LoginFailure.username == name, LoginFailure.client == client)
    )
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(session: Session, user: User, user_agent: str = "") -> tuple[str, UserSession]:
    """A new session with a new id (so a session id from before sign-in is never reused)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(
        id=digest(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + SESSION_LIFETIME,
        user_agent=user_agent[:300],
    )
    session.add(row)
    session.flush()
    return token, row


def find_session(session: Session, token: str) -> tuple[UserSession, User] | None:
    if not token or len(token) > 200:
        return None
    found = session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.id == digest(token))
    ).first()
    if found is None:
        return None
    row, user = found
    now = utcnow()
    if row.expires_at <= now or user.disabled_at is not None:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        record_use(
            session, update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now)
        )
    return row, user


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.id == digest(token)))


def end_all_sessions(session: Session, user_id: int | None) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def purge_expired(session: Session) -> int:
    now = utcnow()
    removed = rows_changed(session, delete(UserSession).where(UserSession.expires_at <= now))
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - THROTTLE_WINDOW))
    return removed


def record_use(session: Session, statement: Update) -> None:
    """Record when a session or token was last used, on a best-effort basis.

    A read request's transaction is a reader's: if another writer has committed since it began,
    SQLite refuses to turn it into a writer at once (no busy wait). The time of last use is only
    a convenience, so the statement runs under a savepoint and a refusal is let go, never
    turning a page view into an error."""
    try:
        with session.begin_nested():
            session.execute(statement)
    except OperationalError:
        pass


def count_admins(session: Session) -> int:
    return session.execute(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.admin, User.disabled_at.is_(None))
    ).scalar_one()
