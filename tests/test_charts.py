"""The figures chart's geometry (app/charts.py): each shape drawn once, from numbers and the
palette only, while every word stays for the template to escape."""

from datetime import date

from markupsafe import escape

from app.charts import PALETTE, chart
from app.services.figures_series import Panel, Point, Series, Spread
from app.services.views import ActorRef, FigureView

HOSTILE = '"><script>alert(1)</script>'


def point(source, low, high=None, *, on=None, side="allegation"):
    figure = FigureView(low, high, "", "killed", HOSTILE)
    # The chart never reads the claim: the table beside it does.
    return Point(None, figure, source, "killed", on, "event date" if on else "unknown", side)


def panel(*series: Series, dates=(), undated=True, spreads=()) -> Panel:
    return Panel("killed", series, tuple(dates), undated, tuple(spreads))


def test_marks_are_drawn_from_numbers_and_the_palette_only():
    source = ActorRef(1, HOSTILE, "hostile", "organisation")
    points = (point(source, 10), point(source, 20, 40, side="answer"))
    drawn = chart(panel(Series(source, "killed", points)))
    allegation, answer = drawn.marks
    # The axis tops at 80 (40 and a tenth, rounded up to four round steps) over 162 units of
    # height; the one slot spans 304 units, its two figures at a third and two thirds of it.
    assert allegation.shapes == (
        '<circle cx="147.3" cy="157.8" r="5.5" fill="#0072B2" stroke="#fff"/>'
    )
    # A range is a band behind its square; its label sits above the band.
    assert answer.shapes == (
        '<rect x="243.7" width="10" y="97.0" height="40.5" fill="#0072B2"'
        ' fill-opacity="0.3" stroke="#0072B2"/>'
        '<rect x="243.7" y="132.5" width="10" height="10" fill="#0072B2" stroke="#fff"/>'
    )
    assert answer.label_at == (
        'x="248.7" y="88.0" text-anchor="middle" font-size="12" font-weight="700" fill="#0072B2"'
    )
    # Words are kept unescaped on the marks, and never inside a shape.
    assert allegation.title.startswith(HOSTILE)
    shapes = [m.shapes for m in drawn.marks] + [t.rule for t in drawn.ticks] + [drawn.axis]
    assert not any("script" in shape for shape in shapes)
    assert [t.label for t in drawn.ticks] == ["0", "20", "40", "60", "80"]


def test_dated_series_are_joined_and_the_undated_slot_set_apart():
    first, second = ActorRef(1, "SOHR", "sohr", "organisation"), ActorRef(2, "MoD", "mod", "state")
    days = (date(2019, 1, 1), date(2019, 1, 2))
    sohr = (point(first, 10, on=days[0]), point(first, 30, on=days[1]), point(first, 5))
    drawn = chart(
        panel(
            Series(first, "killed", sohr),
            Series(second, "killed", (point(second, 20, on=days[0]),)),
            dates=days,
            spreads=(Spread(days[0], 10, 20, 2),),
        )
    )
    assert len(drawn.lines) == 1  # one source has two dated figures
    assert drawn.lines[0].startswith('<polyline points="') and PALETTE[0] in drawn.lines[0]
    assert 'stroke-dasharray="4 3"' in drawn.divider
    spread_slot, plain_slot, undated_slot = drawn.slots
    assert spread_slot.band.startswith("<rect ") and spread_slot.spread == "spread 10–20"
    assert plain_slot.band == "" and undated_slot.label == "date unknown"


def test_a_panel_with_dates_only_has_no_divider():
    source = ActorRef(1, "SOHR", "sohr", "organisation")
    drawn = chart(
        panel(
            Series(source, "killed", (point(source, 3, on=date(2020, 5, 1)),)),
            dates=(date(2020, 5, 1),),
            undated=False,
        )
    )
    assert drawn.divider == "" and drawn.lines == []


def test_the_drawing_and_legend_print_every_word_escaped():
    source = ActorRef(1, HOSTILE, "hostile", "organisation")
    days = (date(2019, 1, 1),)
    drawn = chart(
        panel(
            Series(source, "killed", (point(source, 10, on=days[0]), point(source, 12))),
            dates=days,
        )
    )
    # The hostile name reaches the marks' titles and the legend only escaped.
    assert HOSTILE not in drawn.drawing and HOSTILE not in drawn.legend_items
    assert drawn.drawing.count(f"<title>{escape(HOSTILE)}: ") == 2
    assert drawn.legend_items.endswith(f"{escape(HOSTILE)}</li>")
    # Every shape, in drawing order, and the line break after a tick's label.
    shapes = [t.rule for t in drawn.ticks] + [drawn.divider, drawn.axis]
    shapes += [m.shapes for m in drawn.marks]
    positions = [drawn.drawing.index(shape) for shape in shapes]
    assert positions == sorted(positions)
    assert f"<text {drawn.ticks[0].label_at}>0</text>\n      {drawn.ticks[1].rule}" in drawn.drawing


def test_each_slots_band_and_words_are_centred_within_it():
    import re

    from app.charts import LEFT, PLOT_WIDTH

    first, second = ActorRef(1, "SOHR", "sohr", "organisation"), ActorRef(2, "MoD", "mod", "state")
    days = (date(2019, 1, 1), date(2019, 1, 2), date(2019, 1, 3))
    drawn = chart(
        panel(
            Series(first, "killed", tuple(point(first, 10 * n, on=d) for n, d in enumerate(days))),
            Series(second, "killed", tuple(point(second, 90, on=d) for d in days)),
            dates=days,
            undated=False,
            spreads=tuple(Spread(d, 10 * n, 90, 2) for n, d in enumerate(days)),
        )
    )
    assert len(drawn.slots) == 3
    for index, slot in enumerate(drawn.slots):
        x, width = (float(v) for v in re.findall(r'(?:x|width)="([\d.]+)"', slot.band)[:2])
        (label_x,) = re.findall(r'x="([\d.]+)"', slot.label_at)
        assert re.findall(r'x="([\d.]+)"', slot.spread_at) == [label_x]
        assert abs(x + width / 2 - float(label_x)) < 0.1  # the band is centred on its date
        start = LEFT + index * PLOT_WIDTH / 3
        assert start < x and x + width < start + PLOT_WIDTH / 3  # inside its own slot
        assert slot.band in drawn.drawing and f"<text {slot.label_at}>{slot.label}</text>" in (
            drawn.drawing
        )


def test_coordinates_print_as_python_prints_them_cached_or_not():
    from app.charts import _height, _shown

    # Kept apart by type: an int and the equal float print differently, whichever came first.
    assert [_shown(1), _shown(1.0), _shown(1), _shown(0.1 + 0.2)] == [
        "1",
        "1.0",
        "1",
        "0.30000000000000004",
    ]
    # A chart drawn with the caches empty is the chart drawn with them warm.
    first, second = ActorRef(1, "SOHR", "sohr", "organisation"), ActorRef(2, "MoD", "mod", "state")
    days = (date(2019, 1, 1), date(2019, 1, 2))
    shown = panel(
        Series(first, "killed", (point(first, 10, 35, on=days[0]), point(first, 33, on=days[1]))),
        Series(second, "killed", (point(second, 7, side="answer"),)),
        dates=days,
        spreads=(Spread(days[0], 10, 35, 2),),
    )
    warm = chart(shown)
    _shown.cache_clear()
    _height.cache_clear()
    cold = chart(shown)
    assert cold == warm and _height.cache_info().currsize > 0
