"""The time the case lifecycle runs on: the real clock, or a fixed one for time-travel tests and drills.

``FORMC_CLOCK`` (an ISO 8601 time with its offset, e.g. ``2026-04-02T09:00:00+02:00``)
pins :func:`now` for a process: deadlines, preliminary replies and the status
page's verdict then behave as on that day. Only the lifecycle reads it; the
intake's received times and the job queue always use the real clock.
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "FORMC_CLOCK"


def now() -> dt.datetime:
    """The current time (timezone-aware, UTC unless the pinned time says otherwise)."""
    pinned = os.environ.get(ENV)
    if pinned:
        moment = dt.datetime.fromisoformat(pinned)
        if moment.tzinfo is None:
            raise ValueError(f"{ENV} must carry an offset, e.g. 2026-04-02T09:00:00+02:00")
        return moment
    return dt.datetime.now(dt.timezone.utc)
