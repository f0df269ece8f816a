"""Geometry for the server-rendered SVG chart of figures over time (one panel per counted
thing). Pure numbers and words: the template (templates/partials/evidence_figures.html) draws
them, so every label passes through autoescape.

The view box is 360 units wide so that at a phone's 390 px the text stays at its drawn size.
Known dates stand in order along the x axis; undated figures get a slot of their own past a
dashed rule, so that nobody reads a date into them.
"""

import math
from dataclasses import dataclass
from datetime import date

from app.services.figures_series import Panel, Point

WIDTH, HEIGHT = 360, 230
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 16, 52
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


def short_value(point: Point) -> str:
    mark = SHORT_QUALIFIERS.get(point.figure.qualifier.lower().strip(), "")
    figure = point.figure
    if figure.high is not None and figure.high != figure.low:
        return f"{mark}{compact(figure.low)}–{compact(figure.high)}"
    return f"{mark}{compact(figure.low)}"


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    y_high: float | None  # the top of a range's band
    colour: str
    square: bool  # answers are squares, allegations circles
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class Slot:
    x: float
    width: float
    label: str
    spread: str  # "spread 16–89" or ""
    spread_top: float | None
    spread_bottom: float | None


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    slots: list[Slot]
    ticks: list[Tick]
    marks: list[Mark]
    lines: list[tuple[str, str]]  # (colour, "x,y x,y …") joining a series' dated figures
    divider: float | None  # x of the rule before the undated slot
    legend: list[tuple[str, str, str]]  # (colour, source name, counted thing)


def nice_top(value: int) -> int:
    """A top for the axis at or above `value` whose four equal steps are round numbers
    (each step 1, 2, 2.5 or 5 times a power of ten, and never a fraction)."""
    raw = max(value, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude and float(step * magnitude).is_integer():
            return int(step * magnitude) * 4
    return 40 * magnitude


def chart(panel: Panel) -> Chart:
    plot_w = WIDTH - LEFT - RIGHT
    plot_bottom = HEIGHT - BOTTOM
    plot_h = plot_bottom - TOP
    top = nice_top(math.ceil(panel.top * 1.1))

    def y(value: float) -> float:
        return round(plot_bottom - plot_h * value / top, 1)

    keys: list[date | None] = list(panel.dates) + ([None] if panel.undated else [])
    slot_w = plot_w / len(keys)
    colours = {s.source.id: PALETTE[i % len(PALETTE)] for i, s in enumerate(panel.series)}
    spreads = {s.on: s for s in panel.spreads}
    slots, marks, centres = [], [], {}
    for index, key in enumerate(keys):
        x0 = LEFT + index * slot_w
        here = [p for p in panel.points if p.on == key]
        spread = spreads.get(key)
        label = key.isoformat() if key is not None else "date unknown"
        slots.append(
            Slot(
                round(x0, 1),
                round(slot_w, 1),
                label,
                f"spread {compact(spread.low)}–{compact(spread.high)}" if spread else "",
                y(spread.high) if spread else None,
                y(spread.low) if spread else None,
            )
        )
        # Side by side within the slot, so equal figures from two sources stay visible.
        for n, point in enumerate(here):
            x = x0 + slot_w * (n + 1) / (len(here) + 1)
            centres[id(point)] = round(x, 1)
            high = point.figure.high
            marks.append(
                Mark(
                    round(x, 1),
                    y(point.figure.low),
                    y(high) if high is not None and high != point.figure.low else None,
                    colours[point.source.id],
                    point.side == "answer",
                    short_value(point),
                    f"{point.source.name}: {point.figure.text or point.figure.value} "
                    f"({label}; {point.dated_by})",
                )
            )
    lines = []
    for series in panel.series:
        dated = [p for p in series.points if p.on is not None]
        if len(dated) > 1:
            coords = " ".join(f"{centres[id(p)]},{y(p.figure.low)}" for p in dated)
            lines.append((colours[series.source.id], coords))
    ticks = [Tick(y(top * i / 4), compact(top * i / 4)) for i in range(5)]
    divider = round(LEFT + len(panel.dates) * slot_w, 1) if panel.dates and panel.undated else None
    return Chart(
        WIDTH,
        HEIGHT,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        plot_bottom,
        slots,
        ticks,
        marks,
        lines,
        divider,
        [(colours[s.source.id], s.source.name, s.counts) for s in panel.series],
    )
