"""A submission's deadline, and the day its preliminary reply is due.

The deadline is the received day (in the project's time zone) plus the
service's ``processing_time``, moved to the next working day of the project's
calendar (:func:`formc.calendar.deadline` — the same rule as the archive
package's ``forfallsdato``). A preliminary reply (forvaltningsloven § 11 a) is
due one month after receipt when the case is still open then, or at once when
the promised time itself is longer than a month; ``preliminary_reply_after``
in the service's archive settings can set another threshold.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from formc.calendar import deadline as working_day_deadline
from formc.model import Form
from formc.periods import Period

ONE_MONTH = Period(months=1)


def case_deadline(form: Form, received: dt.datetime) -> dt.date | None:
    """The promised answer day of a submission received at ``received`` (None without a processing time)."""
    return working_day_deadline(received, form.service.processing_time, form.country, form.timezone)


def preliminary_reply_due(form: Form, received: dt.datetime, threshold: Period = ONE_MONTH) -> dt.date:
    """The day a still-open case needs a preliminary reply."""
    local = received.astimezone(zoneinfo.ZoneInfo(form.timezone)).date()
    month_later = threshold.add_to(local)
    promised = form.service.processing_time
    if promised is not None and promised.add_to(local) > month_later:
        return local  # the promise itself is longer than a month: tell the applicant at once
    return month_later
