"""The day a case's preliminary reply is due.

A preliminary reply (forvaltningsloven § 11 a) is due one month after
receipt when the case is still open then, or at once when the promised time
itself is longer than a month; ``cases.preliminary_reply_after`` in
``formc.yaml`` sets another threshold. (A case's deadline is
:func:`formc.calendar.deadline`, stored with the submission.)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from formc.model import Form
from formc.periods import Period

ONE_MONTH = Period(months=1)


def preliminary_reply_due(form: Form, received: dt.datetime, threshold: Period = ONE_MONTH) -> dt.date:
    """The day a still-open case needs a preliminary reply."""
    local = received.astimezone(zoneinfo.ZoneInfo(form.timezone)).date()
    month_later = threshold.add_to(local)
    promised = form.service.processing_time
    if promised is not None and promised.add_to(local) > month_later:
        return local  # the promise itself is longer than a month: tell the applicant at once
    return month_later
