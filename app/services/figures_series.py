"""Figures over time: each source's figures placed by date, one series per source and counted
thing, with the spread between sources at each date (docs/evidence.md, "Figures over time").

A figure is dated by its claim's event date where the text states one, else by its article's
publication date; with neither it is undated, and shown apart, never given a date.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup
from sqlmodel import Session

from app.charts import Chart, chart
from app.escaping import escape_str, markup
from app.services.evidence import DisputeEvidence, EvidenceDispute, HeldClaim, load_evidence
from app.services.views import ActorRef, FigureView, actor_link, article_href
from app.vocabulary import label

if TYPE_CHECKING:
    from app.urls import PageLinks

EVENT, PUBLISHED, UNKNOWN = "event date", "publication date", "unknown"


# A tuple: a page makes one per figure, and a frozen dataclass costs about twice as much
# to build. Its claim is the evidence's value itself (on the dispute page, the card's).
class Point(NamedTuple):
    claim: HeldClaim
    figure: FigureView
    source: ActorRef
    counts: str
    on: date | None
    dated_by: str  # EVENT, PUBLISHED or UNKNOWN
    side: str

    @property
    def top(self) -> int:
        return self.figure.high if self.figure.high is not None else self.figure.low


@dataclass(slots=True, unsafe_hash=True)
class Spread:
    """Between the sources' figures for one counted thing at one date (None: undated)."""

    on: date | None
    low: int
    high: int
    sources: int


@dataclass(slots=True, unsafe_hash=True)
class Series:
    source: ActorRef
    counts: str
    points: tuple[Point, ...]


@dataclass(slots=True, unsafe_hash=True)
class Panel:
    """Everything about one counted thing: its series, its dates, its spreads."""

    counts: str
    series: tuple[Series, ...]
    dates: tuple[date, ...]  # the known dates, in order
    undated: bool  # whether some figures have no date
    spreads: tuple[Spread, ...]
    # Every series' points, in order: the chart, the table and the description each read them.
    points: list[Point] = field(init=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        self.points = [p for s in self.series for p in s.points]

    @property
    def top(self) -> int:
        return max(p.top for p in self.points)

    @property
    def chart(self) -> Chart:
        return chart(self)

    def table_rows(self, links: "PageLinks") -> Markup:
        """The data table's rows (one per figure, by series, then one per spread) as one
        value: a figure's two links and a dozen words cost more printed one by one than the
        whole table's build. Words escaped here, as autoescape would; laid out as the partial
        printed them before (it indents the first row and ends the last)."""
        rows = []
        for point in self.points:
            claim, figure, source = point.claim, point.figure, point.source
            passage = escape_str(article_href(claim.article, links))
            passage += f"?claim={claim.id}#claim-{claim.id}"
            qualifier = f"{escape_str(figure.qualifier)} " if figure.qualifier else ""
            if point.on:
                dated_by = escape_str(point.dated_by)
                on = f'{point.on.isoformat()} <small class="meta">({dated_by})</small>'
            elif claim.event_time:
                said = escape_str(claim.event_time)
                on = f'unknown <small class="meta">(the text says “{said}”)</small>'
            else:
                on = "unknown"
            side = escape_str(point.side)
            rows.append(
                "        <tr>\n"
                f"          <td>{actor_link(source, links)}</td>\n"
                f'          <td class="num"><a href="{passage}">'
                f"{qualifier}{escape_str(figure.value)}</a></td>\n"
                f"          <td>{on}</td>\n"
                f'          <td><span class="side-tag side-tag-{side}">{side}</span></td>\n'
                "        </tr>\n"
            )
        for spread in self.spreads:
            on = f"on {spread.on.isoformat()}" if spread.on else "among the undated figures"
            rows.append(
                f'        <tr class="spread-row"><td colspan="4">Spread {on}:'
                f" {spread.low:,}–{spread.high:,} ({spread.sources} sources)</td></tr>\n"
            )
        return markup("".join(rows)[8:-1])

    def html(self, links: "PageLinks", number: int) -> str:
        """The panel as the figures partial lays it out (its heading, then the chart and its
        legend beside the data table), the `number`th of the page: one value, where the
        partial printed a dozen per panel. Words escaped here, as autoescape would."""
        drawn = self.chart
        name = escape_str(label(self.counts).capitalize())
        chart_id = f"figchart-{number}"
        return (
            f'  <h3 class="figure-panel-title">{name}</h3>\n'
            '  <figure class="figure-panel">\n'
            '    <div class="figure-chart">\n'
            f'    <svg viewBox="0 0 {drawn.width} {drawn.height}" role="img"'
            f' aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart"'
            ' focusable="false">\n'
            f'      <title id="{chart_id}-title">{name}: figures by source and date</title>\n'
            f'      <desc id="{chart_id}-desc">{escape_str(self.description)}</desc>\n'
            f"      {drawn.drawing}\n"
            "    </svg>\n"
            '    <ul class="chart-legend" aria-label="Sources">\n'
            f"      {drawn.legend_items}\n"
            "    </ul>\n"
            "    </div>\n"
            '    <figcaption class="figure-data">\n'
            '      <div class="table-scroll" tabindex="0" role="region"'
            f' aria-label="{name}: the data">\n'
            '      <table class="figures-table">\n'
            f'        <caption class="visually-hidden">{name}: each source\'s figures and'
            " their dates</caption>\n"
            '        <thead><tr><th scope="col">Source</th><th scope="col" class="num">Figure'
            '</th><th scope="col">Date</th><th scope="col">Side</th></tr></thead>\n'
            "        <tbody>\n"
            f"        {self.table_rows(links)}\n"
            "        </tbody>\n"
            "      </table>\n"
            "      </div>\n"
            "    </figcaption>\n"
            "  </figure>\n"
        )

    @property
    def description(self) -> str:
        """The chart's <desc>: what it shows, in words."""
        points, sources = len(self.points), len(self.series)
        text = f"{points} figure{'s' if points != 1 else ''} from {sources} source"
        text += "s" if sources != 1 else ""
        for spread in self.spreads:
            on = spread.on.isoformat() if spread.on else "with no known date"
            text += f"; {on}, the sources range from {spread.low:,} to {spread.high:,}"
        return text + ". The same data is in the table beside the chart."


@dataclass(slots=True)
class FiguresView:
    dispute: EvidenceDispute
    points: list[Point]
    panels: list[Panel]

    def panels_html(self, links: "PageLinks") -> Markup:
        """Every panel (Panel.html), as the figures partial printed them (it indents the first
        line and ends the last)."""
        panels = "".join(panel.html(links, n) for n, panel in enumerate(self.panels, 1))
        return markup(panels[2:-1])


def dated(claim: HeldClaim) -> tuple[date | None, str]:
    if claim.event_date is not None:
        return claim.event_date, EVENT
    if claim.article.published_on is not None:
        return claim.article.published_on, PUBLISHED
    return None, UNKNOWN


def dispute_figures(
    session: Session, dispute_id: int, *, include_drafts: bool = False
) -> FiguresView | None:
    """The figures partial's view model (templates/partials/evidence_figures.html)."""
    evidence = load_evidence(session, dispute_id, include_drafts=include_drafts)
    return figures_of(evidence) if evidence is not None else None


def figures_of(evidence: DisputeEvidence) -> FiguresView:
    points = []
    for claim in evidence.claims:
        on, dated_by = dated(claim)
        side = evidence.sides.side(claim.id)
        for figure in claim.figures:
            points.append(Point(claim, figure, claim.claimant, figure.counts, on, dated_by, side))
    panels = []
    for counts in dict.fromkeys(p.counts for p in points):
        mine = [p for p in points if p.counts == counts]
        series: dict[int, list[Point]] = {}
        for point in mine:
            series.setdefault(point.source.id, []).append(point)
        ordered = [
            Series(group[0].source, counts, tuple(sorted(group, key=_when)))
            for group in series.values()
        ]
        dates = tuple(sorted({p.on for p in mine if p.on is not None}))
        spreads = []
        for on in (*dates, None):
            here = [p for p in mine if p.on == on]
            if len({p.source.id for p in here}) > 1:
                spreads.append(
                    Spread(
                        on,
                        min(p.figure.low for p in here),
                        max(p.top for p in here),
                        len({p.source.id for p in here}),
                    )
                )
        panels.append(
            Panel(
                counts,
                tuple(ordered),
                dates,
                any(p.on is None for p in mine),
                tuple(spreads),
            )
        )
    return FiguresView(evidence.dispute, points, panels)


def _when(point: Point) -> tuple[int, date]:
    return (1, date.min) if point.on is None else (0, point.on)
