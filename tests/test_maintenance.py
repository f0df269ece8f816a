"""app/maintenance.py: expired sessions and the change log's old rows go; the rest stays."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from app.db import make_engine
from app.maintenance import tidy
from app.models import UserSession, utcnow
from app.vocabulary import Role
from tests.conftest import SeedTemplate, copy_database, sqlite_url
from tests.workspace_fixtures import add_user, open_session


def test_tidy_removes_expired_sessions_and_old_change_log_rows(
    seed_template: SeedTemplate, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url(copy_database(seed_template.path, tmp_path / "g.db")))
    user_id, _ = add_user(engine, Role.analyst)
    open_session(engine, user_id)
    open_session(engine, user_id)
    with Session(engine) as session:
        expired = session.exec(select(UserSession)).first()
        assert expired is not None
        expired.expires_at = utcnow() - timedelta(minutes=1)
        session.commit()
    done = tidy(engine, keep_rows=10)

    with engine.connect() as connection:
        log_rows = connection.execute(text("SELECT count(*) FROM change_log")).scalar()
        sessions = connection.execute(text("SELECT count(*) FROM user_session")).scalar()
    engine.dispose()
    assert done.sessions == 1 and sessions == 1
    assert done.change_log_rows > 0 and log_rows == 10
