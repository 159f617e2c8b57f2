"""Timeline diagrams: dated events on a horizontal axis, in lanes, as one standalone SVG.

Ranges are bars and single dates are points; a date known only to the month or year gets a
thin whisker over that period, and a partly inferred date is drawn hollow with a dashed
outline. Each event with its label takes the first lane where it overlaps nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from generator.dates import MONTHS
from generator.diagrams.svg import (
    KIND_SWATCHES,
    TEXT_DARK,
    TEXT_LIGHT,
    fmt,
    get_text_width,
    open_link,
    render_document,
    text_element,
    title_element,
    truncate,
)

log = logging.getLogger(__name__)

PRECISIONS = ("day", "month", "year")
PLOT_WIDTH = 960.0
MARGIN = 24.0
LEGEND_HEIGHT = 30.0
AXIS_HEIGHT = 34.0
LANE_HEIGHT = 27.0
LANE_GAP = 10.0
FONT = 12.0
LABEL_GAP = 5.0
LABEL_MAX = 260.0
POINT_RADIUS = 5.5
BAR_HEIGHT = 16.0
MIN_BAR = 2 * POINT_RADIUS + 5
FILL = KIND_SWATCHES["event"].fill
STROKE = KIND_SWATCHES["event"].stroke
INFERRED_FILL = "#ffffff"
GRID = "#e3e3e3"
AXIS = "#4d4d4d"
BOTTOM_AXIS_LANES = 8
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


@dataclass(frozen=True)
class Span:
    """A dated event: one day, or a range from `start` to `end` (both included)."""

    id: str
    label: str
    start: dt.date
    end: dt.date
    precision: str
    inferred: bool
    href: str


@dataclass(frozen=True)
class Tick:
    """One mark on the time axis; `major` ticks are longer and get a grid line."""

    x: float
    major: bool


@dataclass(frozen=True)
class AxisLabel:
    """A year or month name on the axis; row 1 sits above row 0 (years above months)."""

    x: float
    text: str
    row: int


@dataclass(frozen=True)
class SpanLayout:
    """Where one event goes: its mark, its label, its lane and the room it takes."""

    span: Span
    shape: str
    x0: float
    x1: float
    whisker: tuple[float, float] | None
    text: str
    label_x: float
    label_inside: bool
    lane: int
    y: float

    @property
    def extent(self) -> tuple[float, float]:
        """Return the horizontal room taken by the mark and its label together."""
        width = get_text_width(self.text, FONT)
        left = min(self.x0, self.label_x, self.whisker[0] if self.whisker else self.x0)
        right = max(self.x1, self.label_x + width, self.whisker[1] if self.whisker else self.x1)
        return left, right


@dataclass(frozen=True)
class TimelineLayout:
    """A complete timeline layout in SVG user units, ready to draw."""

    width: float
    height: float
    ticks: tuple[Tick, ...]
    labels: tuple[AxisLabel, ...]
    items: tuple[SpanLayout, ...]
    lanes: int
    axis_y: float
    bottom_axis_y: float | None


@dataclass(frozen=True)
class _Scale:
    """Maps dates to x: `first` (a January 1st) at the plot's left edge."""

    first: dt.date
    last: dt.date
    per_day: float

    def x(self, day: dt.date) -> float:
        """Return the x of the start of a day."""
        return MARGIN + (day.toordinal() - self.first.toordinal()) * self.per_day


def render_timeline(spans: Sequence[Span], *, title: str, description: str) -> str:
    """Render dated events as a standalone SVG timeline document string."""
    layout = layout_timeline(spans)
    body = [
        *_draw_legend(layout.items),
        *_draw_axis(layout, layout.axis_y, above=True),
        *_draw_items(layout.items),
    ]
    if layout.bottom_axis_y is not None:
        body.extend(_draw_axis(layout, layout.bottom_axis_y, above=False))
    if not layout.items:
        body.append(text_element(MARGIN, layout.axis_y + 30, "No dated events.", fill=TEXT_DARK))
    return render_document(
        body,
        width=layout.width,
        height=layout.height,
        title=title,
        description=description,
        kind="timeline",
    )


def layout_timeline(spans: Sequence[Span]) -> TimelineLayout:
    """Place events on the axis and in lanes; pure and deterministic whatever the order."""
    ordered = _sort_spans(spans)
    scale = _get_scale(ordered)
    placed = [_place_span(span, scale) for span in ordered]
    lanes = _assign_lanes(placed)
    axis_y = MARGIN + LEGEND_HEIGHT + AXIS_HEIGHT
    items = tuple(
        _set_lane(item, lanes[item.span.id], axis_y)
        for item in sorted(placed, key=lambda item: item.span.id)
    )
    count = max(lanes.values(), default=-1) + 1
    bottom = axis_y + max(count, 1) * LANE_HEIGHT + 8
    bottom_axis = bottom if count > BOTTOM_AXIS_LANES else None
    height = bottom + (AXIS_HEIGHT if bottom_axis else 0) + MARGIN
    return TimelineLayout(
        width=PLOT_WIDTH + 2 * MARGIN,
        height=height,
        ticks=_get_ticks(scale),
        labels=_get_axis_labels(scale),
        items=items,
        lanes=count,
        axis_y=axis_y,
        bottom_axis_y=bottom_axis,
    )


def _sort_spans(spans: Sequence[Span]) -> list[Span]:
    """Return the spans sorted by date then id; raise ValueError on bad or duplicate ones."""
    ordered = sorted(spans, key=lambda span: (span.start, span.end, span.id))
    seen: set[str] = set()
    for span in ordered:
        if span.id in seen:
            raise ValueError(f"duplicate span id {span.id!r} in timeline")
        if span.end < span.start:
            raise ValueError(f"span {span.id!r} ends ({span.end}) before it starts ({span.start})")
        if span.precision not in PRECISIONS:
            raise ValueError(f"span {span.id!r}: precision must be one of {PRECISIONS}")
        seen.add(span.id)
    return ordered


def _get_scale(spans: list[Span]) -> _Scale:
    """Return a scale covering whole years, from the first start to the last end."""
    if not spans:
        today = dt.date(2000, 1, 1)
        return _Scale(today, dt.date(2001, 1, 1), PLOT_WIDTH / 366)
    first = dt.date(min(span.start.year for span in spans), 1, 1)
    last_year = max(span.end.year for span in spans)
    last = dt.date(last_year + 1, 1, 1) if last_year < dt.MAXYEAR else dt.date.max
    return _Scale(first, last, PLOT_WIDTH / (last.toordinal() - first.toordinal()))


def _is_single(span: Span) -> bool:
    """Tell whether a span is one date (a day, or the whole month or year of its precision)."""
    if span.start == span.end:
        return True
    if span.precision == "month":
        days = calendar.monthrange(span.start.year, span.start.month)[1]
        whole = span.start.replace(day=1), span.start.replace(day=days)
        return (span.start, span.end) == whole
    if span.precision == "year":
        return (span.start, span.end) == (
            span.start.replace(month=1, day=1),
            span.start.replace(month=12, day=31),
        )
    return False


def _next_day(day: dt.date) -> dt.date:
    """Return the following day (or the same one at the end of the calendar)."""
    return day if day == dt.date.max else day + dt.timedelta(days=1)


def _place_span(span: Span, scale: _Scale) -> SpanLayout:
    """Return the mark and label of one event, still without a lane."""
    left, right = scale.x(span.start), scale.x(_next_day(span.end))
    whisker: tuple[float, float] | None = None
    if _is_single(span):
        middle = (left + right) / 2
        shape, x0, x1 = "point", middle - POINT_RADIUS, middle + POINT_RADIUS
        if right - left > 2 * POINT_RADIUS + 2:
            whisker = (left, right)
    else:
        shape, x0, x1 = "bar", left, max(right, left + MIN_BAR)
    text, label_x, inside = _place_label(span.label, shape, x0, x1, whisker)
    return SpanLayout(span, shape, x0, x1, whisker, text, label_x, inside, 0, 0.0)


def _place_label(
    label: str, shape: str, x0: float, x1: float, whisker: tuple[float, float] | None
) -> tuple[str, float, bool]:
    """Return the drawn text, its x and whether it sits inside the bar."""
    left, right = (min(x0, whisker[0]), max(x1, whisker[1])) if whisker else (x0, x1)
    text = truncate(label, LABEL_MAX, FONT)
    width = get_text_width(text, FONT)
    if shape == "bar" and x1 - x0 >= width + 2 * LABEL_GAP:
        return text, x0 + LABEL_GAP, True
    room_right = MARGIN + PLOT_WIDTH - (right + LABEL_GAP)
    room_left = left - LABEL_GAP - MARGIN
    if width <= room_right:
        return text, right + LABEL_GAP, False
    if width <= room_left:
        return text, left - LABEL_GAP - width, False
    inside_room = x1 - x0 - 2 * LABEL_GAP if shape == "bar" else 0.0
    best = max(room_right, room_left, inside_room)
    text = truncate(label, max(best, 0.0), FONT)
    width = get_text_width(text, FONT)
    if best == inside_room:
        return text, x0 + LABEL_GAP, True
    if best == room_right:
        return text, right + LABEL_GAP, False
    return text, left - LABEL_GAP - width, False


def _assign_lanes(items: list[SpanLayout]) -> dict[str, int]:
    """Give each event the first lane whose last event ends well before it begins."""
    lane_ends: list[float] = []
    lanes: dict[str, int] = {}
    for item in sorted(items, key=lambda item: (item.extent[0], item.span.id)):
        left, right = item.extent
        for lane, end in enumerate(lane_ends):
            if end + LANE_GAP <= left:
                lane_ends[lane] = right
                lanes[item.span.id] = lane
                break
        else:
            lanes[item.span.id] = len(lane_ends)
            lane_ends.append(right)
    return lanes


def _set_lane(item: SpanLayout, lane: int, axis_y: float) -> SpanLayout:
    """Return the item moved into its lane."""
    y = axis_y + (lane + 0.5) * LANE_HEIGHT + 4
    return SpanLayout(
        item.span,
        item.shape,
        item.x0,
        item.x1,
        item.whisker,
        item.text,
        item.label_x,
        item.label_inside,
        lane,
        y,
    )


def _get_year_step(scale: _Scale) -> int:
    """Return how many years apart year labels must be to stay readable."""
    per_year = 365.25 * scale.per_day
    return next((s for s in _YEAR_STEPS if s * per_year >= 56), _YEAR_STEPS[-1])


def _get_ticks(scale: _Scale) -> tuple[Tick, ...]:
    """Return a tick per labelled year (major), per other year and per month when there is room."""
    per_year = 365.25 * scale.per_day
    step = _get_year_step(scale)
    ticks = []
    for year in range(scale.first.year, scale.last.year + 1):
        if year % step == 0 or per_year >= 4:
            ticks.append(Tick(scale.x(dt.date(year, 1, 1)), year % step == 0))
        for month in range(2, 13) if per_year >= 48 else ():
            if dt.date(year, month, 1) <= scale.last:
                ticks.append(Tick(scale.x(dt.date(year, month, 1)), False))
    return tuple(ticks)


def _get_axis_labels(scale: _Scale) -> tuple[AxisLabel, ...]:
    """Return year labels at their ticks, and month names mid-month when they fit."""
    step = _get_year_step(scale)
    with_months = 365.25 * scale.per_day / 12 >= 34
    labels = []
    for year in range(scale.first.year, scale.last.year + 1):
        if year % step == 0:
            labels.append(AxisLabel(scale.x(dt.date(year, 1, 1)), str(year), int(with_months)))
        for month in range(1, 13) if with_months else ():
            day = dt.date(year, month, 1)
            if day < scale.last:
                middle = scale.x(day) + 15 * scale.per_day
                labels.append(AxisLabel(middle, MONTHS[month][:3], 0))
    return tuple(labels)


def _draw_legend(items: tuple[SpanLayout, ...]) -> list[str]:
    """Return a legend row with one entry per kind of mark present."""
    entries = []
    if any(item.shape == "bar" for item in items):
        entries.append((_draw_bar(0, 0, MIN_BAR + 10, inferred=False), "date range"))
    if any(item.shape == "point" for item in items):
        entries.append((_draw_point(8, 0, inferred=False), "single date"))
    if any(item.whisker for item in items):
        entries.append((_draw_whisker(0, 24, 0), "known to the month or year"))
    if any(item.span.inferred for item in items):
        entries.append((_draw_point(8, 0, inferred=True), "date partly inferred"))
    parts = ['<g class="legend">']
    x = MARGIN
    for mark, label in entries:
        parts.append(f'<g transform="translate({fmt(x)},{fmt(MARGIN + 8)})">{mark}</g>')
        parts.append(text_element(x + 32, MARGIN + 12, label, fill=TEXT_DARK))
        x += 32 + get_text_width(label, FONT) + 24
    return [*parts, "</g>"]


def _draw_axis(layout: TimelineLayout, y: float, *, above: bool) -> list[str]:
    """Return the axis line with its ticks; labels above it at the top, below at the bottom."""
    parts = [f'<g class="axis" stroke="{AXIS}" fill="{TEXT_DARK}" text-anchor="middle">']
    right = MARGIN + PLOT_WIDTH
    parts.append(f'<line x1="{fmt(MARGIN)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}"/>')
    lanes_bottom = layout.axis_y + max(layout.lanes, 1) * LANE_HEIGHT + 8
    for tick in layout.ticks:
        end = y - (7 if tick.major else 4) * (1 if above else -1)
        parts.append(f'<line x1="{fmt(tick.x)}" y1="{fmt(y)}" x2="{fmt(tick.x)}" y2="{fmt(end)}"/>')
        if above and tick.major:
            parts.append(
                f'<line x1="{fmt(tick.x)}" y1="{fmt(y)}" x2="{fmt(tick.x)}"'
                f' y2="{fmt(lanes_bottom)}" stroke="{GRID}"/>'
            )
    for label in layout.labels:
        offset = 11 + 14 * label.row if above else -(20 + 14 * label.row)
        size = {"font_size": "10.5"} if label.row == 0 and label.text[0].isalpha() else {}
        parts.append(text_element(label.x, y - offset, label.text, stroke="none", **size))
    return [*parts, "</g>"]


def _draw_items(items: tuple[SpanLayout, ...]) -> list[str]:
    """Return every event as a link holding its mark and its label."""
    parts = ['<g class="events">']
    for item in items:
        span = item.span
        parts.append(open_link(span.href, [("data-span", span.id)]))
        parts.append(title_element(f"{span.label} ({describe_date(span)})"))
        if item.whisker:
            parts.append(_draw_whisker(item.whisker[0], item.whisker[1], item.y))
        if item.shape == "bar":
            parts.append(_draw_bar(item.x0, item.y, item.x1 - item.x0, inferred=span.inferred))
        else:
            parts.append(_draw_point((item.x0 + item.x1) / 2, item.y, inferred=span.inferred))
        colour = TEXT_LIGHT if item.label_inside and not span.inferred else TEXT_DARK
        parts.append(text_element(item.label_x, item.y + FONT * 0.36, item.text, fill=colour))
        parts.append("</a>")
    return [*parts, "</g>"]


def _draw_bar(x: float, y: float, width: float, *, inferred: bool) -> str:
    """Return a bar centred on y; hollow and dashed when the date is partly inferred."""
    fill, dash = (INFERRED_FILL, ' stroke-dasharray="4 2.5"') if inferred else (FILL, "")
    return (
        f'<rect x="{fmt(x)}" y="{fmt(y - BAR_HEIGHT / 2)}" width="{fmt(width)}"'
        f' height="{fmt(BAR_HEIGHT)}" rx="2" fill="{fill}" stroke="{STROKE}"'
        f' stroke-width="{"1.6" if inferred else "1"}"{dash}/>'
    )


def _draw_point(x: float, y: float, *, inferred: bool) -> str:
    """Return a dot centred on (x, y); hollow and dashed when the date is partly inferred."""
    fill, dash = (INFERRED_FILL, ' stroke-dasharray="2.5 1.8"') if inferred else (FILL, "")
    return (
        f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(POINT_RADIUS)}" fill="{fill}"'
        f' stroke="{STROKE}" stroke-width="{"1.6" if inferred else "1"}"{dash}/>'
    )


def _draw_whisker(x0: float, x1: float, y: float) -> str:
    """Return a thin line with end caps over the period a single date could fall in."""
    return (
        f'<path d="M{fmt(x0)} {fmt(y)}H{fmt(x1)}M{fmt(x0)} {fmt(y - 4)}V{fmt(y + 4)}'
        f'M{fmt(x1)} {fmt(y - 4)}V{fmt(y + 4)}" fill="none" stroke="{STROKE}"'
        ' stroke-width="1.2"/>'
    )


def describe_date(span: Span) -> str:
    """Return the span's date as text at its precision, noting when it was partly inferred."""
    start = _format_date(span.start, span.precision)
    end = _format_date(span.end, span.precision)
    text = start if _is_single(span) or start == end else f"{start} \u2013 {end}"
    return f"{text}, date partly inferred" if span.inferred else text


def _format_date(day: dt.date, precision: str) -> str:
    """Return a date at a precision: `1972-03-01`, `March 1972` or `1972`."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month]} {day.year}"
    return day.isoformat()
