"""The working-day calendar: Norwegian and Danish public holidays (Easter-based ones computed) and deadlines."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formc.calendar import deadline, is_working_day, next_working_day
from formc.periods import Period

D = datetime.date


@pytest.mark.parametrize("day, country, expected", [
    (D(2026, 4, 2), "NO", D(2026, 4, 7)),    # skjærtorsdag → langfredag, påske, 2. påskedag → Tuesday
    (D(2027, 3, 25), "NO", D(2027, 3, 30)),  # the same in 2027 (Easter Sunday 28 March)
    (D(2026, 5, 14), "NO", D(2026, 5, 15)),  # Kristi himmelfartsdag (Easter + 39)
    (D(2026, 5, 25), "NO", D(2026, 5, 26)),  # 2. pinsedag (Easter + 50)
    (D(2027, 5, 17), "NO", D(2027, 5, 18)),  # 17. mai on a Monday
    (D(2026, 5, 1), "NO", D(2026, 5, 4)),    # 1. mai on a Friday, then the weekend
    (D(2026, 12, 25), "NO", D(2026, 12, 28)),
    (D(2026, 12, 24), "NO", D(2026, 12, 24)),  # julaften is a working day in Norway
    (D(2026, 6, 5), "NO", D(2026, 6, 5)),
    (D(2026, 6, 5), "DK", D(2026, 6, 8)),    # grundlovsdag: public offices are closed
    (D(2026, 12, 24), "DK", D(2026, 12, 28)),
    (D(2026, 5, 17), "DK", D(2026, 5, 18)),  # a Sunday in Denmark, nothing more
    (D(2027, 5, 17), "DK", D(2027, 5, 18)),  # 2. pinsedag in 2027 (Easter 28 March + 50)
    (D(2026, 5, 18), "DK", D(2026, 5, 18)),
    (D(2023, 5, 5), "DK", D(2023, 5, 8)),    # store bededag, until 2023
    (D(2024, 4, 26), "DK", D(2024, 4, 26)),  # abolished from 2024
])
def test_next_working_day(day: datetime.date, country: str, expected: datetime.date) -> None:
    assert next_working_day(day, country) == expected


def test_deadline_counts_from_the_local_day_and_lands_on_a_working_day() -> None:
    # 23:30 UTC on 23 December is 00:30 on Christmas Eve in Oslo; one day later is Christmas Day, then
    # 2. juledag and a Sunday: Monday 28 December
    received = datetime.datetime(2026, 12, 23, 23, 30, tzinfo=datetime.timezone.utc)
    assert deadline(received, Period.parse("P1D"), "NO", "Europe/Oslo") == D(2026, 12, 28)
    # in UTC the same instant is still 23 December: the deadline would be a working day, 24 December
    assert deadline(received, Period.parse("P1D"), "NO", "UTC") == D(2026, 12, 24)
    assert deadline(received, None, "NO", "Europe/Oslo") is None


def test_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError, match="no working-day calendar for country `SE`"):
        is_working_day(D(2026, 1, 5), "SE")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 1)), st.sampled_from(["NO", "DK"]))
def test_next_working_day_is_the_first_working_day_from_the_day(day: datetime.date, country: str) -> None:
    found = next_working_day(day, country)
    assert found >= day and found.weekday() < 5 and (found - day).days <= 5
    assert all(not is_working_day(day + datetime.timedelta(days=n), country) for n in range((found - day).days))
