"""Geometry for the server-rendered SVG chart of figures over time (one panel per counted
thing). Each shape is one string built here, from numbers and the palette only: a chart draws
dozens of shapes of five to ten numbers each, which the template printed one by one
(docs/performance.md, "Misses off the loop"). The whole drawing (shapes and their words) and
the legend then arrive at the template (templates/partials/evidence_figures.html) as one value
each, `Chart.drawing` and `Chart.legend_items`: printing dozens of values per chart cost more
than drawing it. Every word (labels, titles, names) is escaped with `markupsafe.escape` where
the drawing is put together, as autoescape would.

The view box is 360 units wide so that at a phone's 390 px the text stays at its drawn size.
Known dates stand in order along the x axis; undated figures get a slot of their own past a
dashed rule, so that nobody reads a date into them.
"""

import math
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup

from app.escaping import escape_str, markup

if TYPE_CHECKING:  # the shapes a chart is drawn from, whose module draws with this one
    from app.services.figures_series import Panel, Point

WIDTH, HEIGHT = 360, 230
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 16, 52
PLOT_RIGHT, PLOT_BOTTOM = WIDTH - RIGHT, HEIGHT - BOTTOM
PLOT_WIDTH, PLOT_HEIGHT = PLOT_RIGHT - LEFT, PLOT_BOTTOM - TOP
# Okabe–Ito: told apart by people with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
SHORT_QUALIFIERS = {
    "at least": "≥",
    "over": ">",
    "more than": ">",
    "nearly": "<",
    "up to": "≤",
    "around": "~",
    "some": "~",
    "about": "~",
}


def compact(number: float) -> str:
    """A number short enough for an axis or a point at phone width: 950, 12,500, 300k, 1.5M
    (the table beside the chart gives every figure in full)."""
    if number >= 1_000_000:
        return f"{number / 1_000_000:.3g}M"
    if number >= 100_000:
        return f"{number / 1000:.4g}k"
    return f"{round(number):,}"


def short_value(point: "Point") -> str:
    mark = SHORT_QUALIFIERS.get(point.figure.qualifier.lower().strip(), "")
    figure = point.figure
    if figure.high is not None and figure.high != figure.low:
        return f"{mark}{compact(figure.low)}–{compact(figure.high)}"
    return f"{mark}{compact(figure.low)}"


# A chart's parts are drawn from numbers and the palette only, as plain strings that go into
# `Chart.drawing` as they are; their words (title, label, spread) are escaped there. Tuples:
# a chart makes a few dozen of them, and a frozen dataclass costs twice as much to build.
class Mark(NamedTuple):
    title: str
    shapes: str  # the bar of a range if any, then the dot: answers squares, allegations circles
    label_at: str  # the attributes of the label's <text>
    label: str


class Slot(NamedTuple):
    band: str  # the grey band of the spread between sources, or ""
    label_at: str
    label: str
    spread_at: str
    spread: str  # "spread 16–89" or ""


class Tick(NamedTuple):
    rule: str
    label_at: str
    label: str


class Chart(NamedTuple):
    """A panel's chart: a tuple too, one a panel."""

    width: int
    height: int
    slots: list[Slot]
    ticks: tuple[Tick, ...]
    marks: list[Mark]
    lines: list[str]  # a polyline joining each series' dated figures
    divider: str  # the dashed rule before the undated slot, or ""
    axis: str
    legend: list[tuple[str, str, str]]  # (colour, source name, counted thing)
    drawing: Markup  # all of the above inside the <svg>, words escaped (see _drawing)
    legend_items: Markup  # the legend's <li>s


# A coordinate is printed as Python prints the number (repr: the shortest digits that read
# back the same float), a few thousand instructions each; a chart prints about fifteen, and
# the same few hundred values (tenths inside the view box) recur from chart to chart. Typed,
# so that 1 and 1.0 print apart (0.0 and -0.0 would share an entry: no coordinate is negative).
_shown = lru_cache(maxsize=4096, typed=True)(repr)


@lru_cache(maxsize=4096)
def _height(value: int, top: int) -> float:
    """Where `value` stands on an axis topped at `top`, rounded to a tenth of a unit."""
    return round(PLOT_BOTTOM - PLOT_HEIGHT * value / top, 1)


def _text_at(x: float, y: float, fill: str, anchor: str, weight: str = "") -> str:
    """The attributes of a chart's <text>; its words are escaped where the drawing is put
    together."""
    return (
        f'x="{_shown(x)}" y="{_shown(y)}" text-anchor="{anchor}" font-size="12"{weight}'
        f' fill="{fill}"'
    )


@lru_cache(maxsize=1024)  # most panels top out at a small count, the same few hundred
def nice_top(value: int) -> int:
    """A top for the axis at or above `value` whose four equal steps are round numbers
    (each step 1, 2, 2.5 or 5 times a power of ten, and never a fraction)."""
    raw = max(value, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude and float(step * magnitude).is_integer():
            return int(step * magnitude) * 4
    return 40 * magnitude


# What depends only on the axis's top or the number of slots is drawn once per value: most
# panels share a handful of tops and slot counts.
AXIS = (
    f'<line x1="{LEFT}" x2="{PLOT_RIGHT}" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM}"'
    ' stroke="#4a5260" stroke-width="1"/>'
)


@lru_cache(maxsize=256)
def _ticks(top: int) -> tuple[Tick, ...]:
    ticks = []
    for i in range(5):
        tick_y = round(PLOT_BOTTOM - PLOT_HEIGHT * (top * i / 4) / top, 1)
        rule = (
            f'<line x1="{LEFT}" x2="{PLOT_RIGHT}" y1="{tick_y}" y2="{tick_y}"'
            ' stroke="#dedad2" stroke-width="1"/>'
        )
        ticks.append(
            Tick(rule, _text_at(LEFT - 4, tick_y + 4, "#4a5260", "end"), compact(top * i / 4))
        )
    return tuple(ticks)


@lru_cache(maxsize=256)
def _ticks_drawn(top: int) -> str:
    """The ticks' part of the drawing (see _drawing)."""
    return "".join(
        f"      {t.rule}\n      <text {t.label_at}>{escape_str(t.label)}</text>\n"
        for t in _ticks(top)
    )


@lru_cache(maxsize=256)
def _slot_places(count: int) -> tuple[tuple[str, str, str], ...]:
    """Where each of `count` slots draws its band (the attributes but its height) and prints
    its date and its spread."""
    slot_w = PLOT_WIDTH / count
    places = []
    for index in range(count):
        x0, width = round(LEFT + index * slot_w, 1), round(slot_w, 1)
        middle = x0 + width / 2
        places.append(
            (
                f'x="{x0 + width * 0.12}" width="{width * 0.76}"',
                _text_at(middle, PLOT_BOTTOM + 16, "#1b1f24", "middle"),
                _text_at(middle, PLOT_BOTTOM + 31, "#4a5260", "middle"),
            )
        )
    return tuple(places)


def chart(panel: "Panel") -> Chart:
    top = nice_top(math.ceil(panel.top * 1.1))
    keys: list[date | None] = list(panel.dates) + ([None] if panel.undated else [])
    slot_w = PLOT_WIDTH / len(keys)
    places = _slot_places(len(keys))
    colours = {s.source.id: PALETTE[i % len(PALETTE)] for i, s in enumerate(panel.series)}
    spreads = {s.on: s for s in panel.spreads}
    by_key: dict[date | None, list[Point]] = {key: [] for key in keys}
    for point in panel.points:
        by_key[point.on].append(point)
    slots, marks, centres = [], [], {}
    for index, key in enumerate(keys):
        band_at, label_at, spread_at = places[index]
        here = by_key[key]
        spread = spreads.get(key)
        label = key.isoformat() if key is not None else "date unknown"
        band = ""
        if spread:
            top_y, bottom_y = _height(spread.high, top), _height(spread.low, top)
            height = _shown(max(bottom_y - top_y, 1))
            band = f'<rect {band_at} y="{_shown(top_y)}" height="{height}" fill="#eceae4"/>'
        slots.append(
            Slot(
                band,
                label_at,
                label,
                spread_at,
                f"spread {compact(spread.low)}–{compact(spread.high)}" if spread else "",
            )
        )
        # Side by side within the slot, so equal figures from two sources stay visible.
        for n, point in enumerate(here):
            x = round(LEFT + index * slot_w + slot_w * (n + 1) / (len(here) + 1), 1)
            colour = colours[point.source.id]
            low, high = point.figure.low, point.figure.high
            y_low = _height(low, top)
            centres[id(point)] = f"{_shown(x)},{_shown(y_low)}"  # where its series' line passes
            y_high = _height(high, top) if high is not None and high != low else None
            band = ""
            if y_high is not None:
                band = (
                    f'<rect x="{_shown(x - 5)}" width="10" y="{_shown(y_high)}"'
                    f' height="{_shown(y_low - y_high)}"'
                    f' fill="{colour}" fill-opacity="0.3" stroke="{colour}"/>'
                )
            if point.side == "answer":
                dot = (
                    f'<rect x="{_shown(x - 5)}" y="{_shown(y_low - 5)}" width="10" height="10"'
                    f' fill="{colour}" stroke="#fff"/>'
                )
            else:
                dot = (
                    f'<circle cx="{_shown(x)}" cy="{_shown(y_low)}" r="5.5" fill="{colour}"'
                    ' stroke="#fff"/>'
                )
            marks.append(
                Mark(
                    f"{point.source.name}: {point.figure.text or point.figure.value} "
                    f"({label}; {point.dated_by})",
                    band + dot,
                    _text_at(
                        x,
                        (y_high if y_high is not None else y_low) - 9,
                        colour,
                        "middle",
                        ' font-weight="700"',
                    ),
                    short_value(point),
                )
            )
    lines = []
    for series in panel.series:
        dated = [p for p in series.points if p.on is not None]
        if len(dated) > 1:
            coords = " ".join(centres[id(p)] for p in dated)
            colour = colours[series.source.id]
            lines.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
    divider = ""
    if panel.dates and panel.undated:
        divider_x = _shown(round(LEFT + len(panel.dates) * slot_w, 1))
        divider = (
            f'<line x1="{divider_x}" x2="{divider_x}" y1="{TOP}" y2="{PLOT_BOTTOM + 36}"'
            ' stroke="#4a5260" stroke-dasharray="4 3" stroke-width="1"/>'
        )
    ticks = _ticks(top)
    legend = [(colours[s.source.id], s.source.name, s.counts) for s in panel.series]
    return Chart(
        WIDTH,
        HEIGHT,
        slots,
        ticks,
        marks,
        lines,
        divider,
        AXIS,
        legend,
        _drawing(_ticks_drawn(top), slots, divider, lines, marks),
        _legend_items(legend),
    )


# The drawing and the legend are laid out line by line as the partial printed them before,
# indentation included, so the page's bytes did not change; the partial indents the first
# line and ends the last one, hence the slices.


def _drawing(
    ticks: str, slots: list[Slot], divider: str, lines: list[str], marks: list[Mark]
) -> Markup:
    out = [ticks]
    for slot in slots:
        if slot.band:
            out.append(f"      {slot.band}\n")
        out.append(f"      <text {slot.label_at}>{escape_str(slot.label)}</text>\n")
        if slot.spread:  # no line break after it: the next element follows on its line
            out.append(f"<text {slot.spread_at}>{escape_str(slot.spread)}</text>")
    if divider:
        out.append(f"      {divider}\n")
    out.append(f"      {AXIS}\n")
    out.extend(f"      {line}\n" for line in lines)
    out.extend(
        f"      <g>\n        <title>{escape_str(m.title)}</title>\n        {m.shapes}\n"
        f"        <text {m.label_at}>{escape_str(m.label)}</text>\n      </g>\n"
        for m in marks
    )
    return markup("".join(out)[6:-1])


def _legend_items(legend: list[tuple[str, str, str]]) -> Markup:
    items = "".join(
        '      <li><svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true"'
        f' focusable="false"><rect width="12" height="12" rx="2" fill="{colour}"/></svg>'
        f" {escape_str(name)}</li>\n"
        for colour, name, _counts in legend
    )
    return markup(items[6:-1])
