"""ISO 8601 periods (``P4W``, ``P1Y6M``, ``PT15M``) and calendar arithmetic with them."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_PERIOD = re.compile(  # used with fullmatch; ASCII digits only
    r"P(?!\Z)(?:(?P<years>[0-9]+)Y)?(?:(?P<months>[0-9]+)M)?(?:(?P<weeks>[0-9]+)W)?(?:(?P<days>[0-9]+)D)?"
    r"(?:T(?=[0-9])(?:(?P<hours>[0-9]+)H)?(?:(?P<minutes>[0-9]+)M)?(?:(?P<seconds>[0-9]+)S)?)?"
)


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0
    source: str = ""

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = _PERIOD.fullmatch(text)
        if not match:
            raise ValueError(f"`{text}` is not an ISO 8601 period")
        parts = {k: int(v) for k, v in match.groupdict().items() if v}
        return cls(**parts, source=text)

    def __str__(self) -> str:
        return self.source

    def add_to(self, start: datetime.date, sign: int = 1) -> datetime.date:
        """``start`` moved by this period (months clamp to the month's last day); time parts round down to days."""
        month_index = start.year * 12 + (start.month - 1) + sign * (self.years * 12 + self.months)
        year, month = divmod(month_index, 12)
        month += 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        moved = datetime.date(year, month, day)
        seconds = self.hours * 3600 + self.minutes * 60 + self.seconds
        return moved + sign * datetime.timedelta(days=self.weeks * 7 + self.days + seconds // 86400)

    def add_to_datetime(self, start: datetime.datetime) -> datetime.datetime:
        moved = self.add_to(start.date())
        combined = datetime.datetime.combine(moved, start.timetz())
        return combined + datetime.timedelta(hours=self.hours, minutes=self.minutes, seconds=self.seconds) - datetime.timedelta(
            days=(self.hours * 3600 + self.minutes * 60 + self.seconds) // 86400
        )

    @property
    def approximate_days(self) -> float:
        return self.years * 365.25 + self.months * 30.44 + self.weeks * 7 + self.days + (
            self.hours * 3600 + self.minutes * 60 + self.seconds) / 86400
