"""Personal API tokens: made (shown once, only a hash kept), listed, revoked, and the user a
request's `Authorization: Bearer` token names."""

import secrets

from sqlalchemy import select, update
from sqlmodel import Session

from app.db import rows_changed
from app.models import ApiToken, User, utcnow
from app.services.accounts import TOUCH_EVERY, AccountError, digest, record_use

TOKEN_PREFIX = "gsy_"


def create_api_token(session: Session, user: User, name: str) -> tuple[str, ApiToken]:
    """Returns the token itself (to show once) and its stored row (which keeps only a hash)."""
    label = name.strip()
    if not label:
        raise AccountError("Give the token a name, such as the script that will use it.", "name")
    if len(label) > 100:
        raise AccountError("A token name is at most 100 characters.", "name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=label, token_hash=digest(secret), prefix=secret[:10])
    session.add(row)
    session.flush()
    return secret, row


def list_api_tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(
        session.execute(
            select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
        ).scalars()
    )


def revoke_api_token(session: Session, user_id: int, token_id: int) -> bool:
    revoked = rows_changed(
        session,
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()),
    )
    return bool(revoked)


def user_for_token(session: Session, secret: str) -> User | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest(secret), ApiToken.revoked_at.is_(None))
    ).first()
    if found is None:
        return None
    token, user = found
    if user.disabled_at is not None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        record_use(
            session, update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now)
        )
    return user
