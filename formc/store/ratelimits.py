"""Post rate limits shared by every server instance on one PostgreSQL store: a token bucket per client, in a table.

Each instance's own buckets (:class:`formc.server.security.RateLimit`) would let a client post ``N ×
instances`` times a minute behind a load balancer. On PostgreSQL the bucket lives in ``rate_limits`` and one
statement refills it (by the database's clock, the same for every instance), takes a token when there is one
and says whether it did, so instances racing for one client are serialised by the row. The key is an HMAC of
the client's address under the server's secret: no address is stored. SQLite stores keep per-process buckets
(one machine; a shared bucket would add a write-locked commit to every post).
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from formc.store.tables import rate_limits

IDLE = datetime.timedelta(hours=1)  # a bucket untouched this long is full again (burst / rate is minutes): forgotten


def take(engine: sa.Engine, key: str, per_minute: int, burst: int) -> float:
    """Take a token from ``key``'s bucket: 0 when the post may go ahead, else the seconds until a token is there."""
    rate = per_minute / 60.0
    table = rate_limits
    # the time when the row is updated, under its lock (clock_timestamp(): now() is when the transaction began,
    # which for a post that waited for another's lock is before that post's update); never a negative refill
    moment = sa.func.clock_timestamp()
    elapsed = sa.func.greatest(0.0, sa.func.extract("epoch", moment - table.c.updated_at))
    refilled = sa.func.least(float(burst), table.c.tokens + elapsed * rate)
    statement = postgresql.insert(table).values(key=key, tokens=float(burst) - 1, allowed=True, updated_at=moment)
    statement = statement.on_conflict_do_update(index_elements=[table.c.key], set_={
        "tokens": sa.case((refilled >= 1, refilled - 1), else_=refilled),
        "allowed": refilled >= 1,
        "updated_at": sa.func.greatest(moment, table.c.updated_at),
    }).returning(table.c.tokens, table.c.allowed)
    with engine.begin() as connection:
        tokens, allowed = connection.execute(statement).one()
    if allowed:
        return 0.0
    return (1 - tokens) / rate if rate else 60.0


def expire(engine: sa.Engine) -> int:
    """Forget buckets idle for :data:`IDLE`; how many."""
    if engine.dialect.name != "postgresql":
        return 0
    with engine.begin() as connection:
        return connection.execute(rate_limits.delete().where(
            rate_limits.c.updated_at < sa.func.now() - IDLE)).rowcount
