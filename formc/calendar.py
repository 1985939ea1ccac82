"""Working days and deadlines of a Norwegian or Danish public body.

A working day is a Monday to Friday that is not a public holiday of the
country. The holidays come from the ``holidays`` library (computed per year,
Easter-based ones included):

- **NO**: nyttårsdag, skjærtorsdag, langfredag, første og andre påskedag,
  1. mai, 17. mai, Kristi himmelfartsdag, første og andre pinsedag, første
  og andre juledag.
- **DK**: nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag, store
  bededag (until 2023), Kristi himmelfartsdag, pinsedag, 2. pinsedag,
  juledag, 2. juledag, and the days public offices are closed: grundlovsdag
  (5 June), juleaftensdag (24 December) and nytårsaftensdag (31 December).

A deadline is the day received (in the project's time zone) plus the
processing time; when it falls on a day that is not a working day it moves
to the next working day (:func:`deadline`). The archive's ``forfallsdato``
and the receipt's promised answer date both use it.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo

from formc.periods import Period

COUNTRIES = ("NO", "DK")
# Danish days off for public offices that the library files as "optional" (1 May is only partly off).
_DK_CLOSED = ((6, 5), (12, 24), (12, 31))


@functools.lru_cache(maxsize=64)
def holidays_of(country: str, year: int) -> dict[datetime.date, str]:
    """The non-working holidays (not weekends) of ``country`` in ``year``: date → name."""
    if country not in COUNTRIES:
        raise ValueError(f"no working-day calendar for country `{country}` (known: {', '.join(COUNTRIES)})")
    import holidays  # here: ~40 ms to import, and a build (which imports this module) never asks for a holiday

    days = dict(holidays.country_holidays(country, years=year, language="en_US").items())
    if country == "DK":
        optional = holidays.country_holidays("DK", years=year, categories=("optional",), language="en_US")
        days.update((d, name) for d, name in optional.items() if (d.month, d.day) in _DK_CLOSED)
    return days


def is_working_day(day: datetime.date, country: str) -> bool:
    """True for a Monday to Friday that is not a public holiday of ``country``."""
    return day.weekday() < 5 and day not in holidays_of(country, day.year)


def next_working_day(day: datetime.date, country: str) -> datetime.date:
    """``day`` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, country):
        day += datetime.timedelta(days=1)
    return day


def local(moment: datetime.datetime, tz: str) -> datetime.datetime:
    """``moment`` (timezone-aware) as the wall-clock time in ``tz``, to the second."""
    if moment.tzinfo is None:
        raise ValueError("a received time must carry its offset or zone")
    return moment.astimezone(zoneinfo.ZoneInfo(tz)).replace(microsecond=0)


def deadline(received: datetime.datetime, processing_time: Period | None, country: str, tz: str) -> datetime.date | None:
    """The answer deadline: the local day received plus ``processing_time``, moved to the next working day.

    None without a processing time.
    """
    if processing_time is None:
        return None
    return next_working_day(processing_time.add_to(local(received, tz).date()), country)
