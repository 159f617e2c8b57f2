"""Partial dates (`2025`, `2025-10`, `2025-10-28`) and ranges (`2013/2016`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

Precision = Literal["year", "month", "day"]
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"
DATE_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-10-28, or a range 2013/2016"
# Fixed English names: `calendar.month_name` follows the locale, and output must not.
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class DateError(ValueError):
    """A date that does not parse, with a hint on how to write it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> dt.date:
        """The first day the date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        """The last day the date covers."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
        parts = [
            f"{self.year:04d}",
            self.month and f"{self.month:02d}",
            self.day and f"{self.day:02d}",
        ]
        return "-".join(p for p in parts if p)

    def label(self) -> str:
        """Human form: `2025`, `October 2025`, `28 October 2025`."""
        if self.month is None:
            return str(self.year)
        month = f"{MONTHS[self.month]} {self.year}"
        return f"{self.day} {month}" if self.day else month


@dataclass(frozen=True)
class DateSpan:
    """A partial date, or a range of two; `end` is None for a single date."""

    start: PartialDate
    end: PartialDate | None = None

    @property
    def first(self) -> dt.date:
        """The first day covered."""
        return self.start.first

    @property
    def last(self) -> dt.date:
        """The last day covered."""
        return (self.end or self.start).last

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by first day, then by last day (a shorter span first)."""
        return (self.first, self.last)

    def iso(self) -> str:
        """The form it is written in YAML."""
        return self.start.iso() + (f"/{self.end.iso()}" if self.end else "")

    def label(self) -> str:
        """Human form with the precision shown: `October 2025`, `2013–2016`."""
        if self.end is None:
            return self.start.label()
        return f"{self.start.label()}–{self.end.label()}"

    def __str__(self) -> str:
        return self.iso()


def parse_date(text: str) -> PartialDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar."""
    match = _DATE.fullmatch(text)
    if not match:
        raise DateError(
            f"{text!r} is not a date",
            DATE_HINT,
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r} has no month {month}", "months run from 01 to 12")
    if month is not None and day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise DateError(
                f"{text!r} is not a real date: {MONTHS[month]} {year} has {days} days",
                "check the day of the month",
            )
    return PartialDate(year, month, day)


def parse_span(value: Any) -> DateSpan:
    """Parse a date or an ISO 8601 range `start/end` (YAML may hand us an int)."""
    if isinstance(value, DateSpan):
        return value
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise DateError(f"expected a date, got {value!r}", "write e.g. 2025-10-28 or 2013/2016")
    text = str(value).strip()
    if not re.fullmatch(PATTERN, text):
        raise DateError(
            f"{text!r} is not a date",
            DATE_HINT,
        )
    start_text, _, end_text = text.partition("/")
    start = parse_date(start_text)
    if not end_text:
        return DateSpan(start)
    end = parse_date(end_text)
    if end.last < start.first:
        raise DateError(
            f"the range {value!r} ends before it starts", "write the earlier date first: start/end"
        )
    return DateSpan(start, end)
