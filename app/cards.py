"""Preview cards: the 1200 x 630 PNG that link previews (Open Graph, Twitter) show for a page.

Drawing is pure: `layout_card` decides every line of text and where it goes (what the tests
check), `render_card` paints that layout with Pillow. No network: the fonts come from the
system (Debian's DejaVu) and, when none is found, Pillow's built-in font stands in, so a
missing font makes a plainer card, never an error.
"""

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
_BACKGROUND = (250, 248, 243)
_INK = (28, 28, 30)
_MUTED = (96, 96, 104)
_ALLEGATION = (176, 58, 46)
_ANSWER = (31, 94, 153)
_GRADE = (46, 110, 64)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True, slots=True)
class CardData:
    """What a card says. `kind` is the eyebrow ("Dispute", "Article", "Claim", "Actor")."""

    kind: str
    title: str
    site_name: str
    allegations: int | None = None
    answers: int | None = None
    grade: str | None = None  # the grade's label, e.g. "Disputed"
    subtitle: str = ""  # a second line: an outlet, a claimant, an actor's kind
    stats: tuple[str, ...] = ()  # extra figures for pages without allegation/answer counts


@dataclass(frozen=True, slots=True)
class TextItem:
    text: str
    x: int
    y: int
    size: int
    bold: bool = False
    color: tuple[int, int, int] = _INK
    role: str = ""  # "title", "figure", … : what the tests ask for


@dataclass(frozen=True, slots=True)
class CardLayout:
    items: list[TextItem] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [item.text for item in self.items]


@cache
def _font_file(bold: bool) -> Path | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    return None


@cache
def load_font(size: int, bold: bool = False) -> Font:
    path = _font_file(bold)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:  # an unreadable or broken font file: fall back, never fail
            pass
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow before 10.1 has only the fixed-size bitmap font
        return ImageFont.load_default()


def _text_width(text: str, font: Font) -> float:
    return font.getlength(text)


def wrap(text: str, font: Font, width: int, max_lines: int) -> list[str]:
    """Break `text` into at most `max_lines` lines of at most `width` pixels, at words; a
    text that does not fit ends with an ellipsis."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if _text_width(candidate, font) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            break
    else:
        if current:
            lines.append(current)
        return lines
    # Out of room: the last line takes an ellipsis, dropping words until it fits.
    last = lines[-1]
    while last and _text_width(last + "…", font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + "…"
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def layout_card(data: CardData) -> CardLayout:
    items: list[TextItem] = []
    inner = WIDTH - 2 * MARGIN
    items.append(TextItem(data.site_name, MARGIN, 48, 30, bold=True, color=_MUTED))
    items.append(TextItem(data.kind.upper(), MARGIN, 112, 26, bold=True, color=_MUTED))
    title_size = 58 if len(data.title) <= 60 else 48
    y = 156
    for line in wrap(data.title, load_font(title_size, True), inner, 3):
        items.append(TextItem(line, MARGIN, y, title_size, bold=True, role="title"))
        y += int(title_size * 1.22)
    if data.subtitle:
        for line in wrap(data.subtitle, load_font(30), inner, 1):
            items.append(TextItem(line, MARGIN, y + 10, 30, color=_MUTED))
        y += 50
    # The bottom band: the counts, and the grade when there is one.
    x, band = MARGIN, HEIGHT - 120
    figures: list[tuple[str, tuple[int, int, int]]] = []
    if data.allegations is not None:
        figures.append((_plural(data.allegations, "allegation"), _ALLEGATION))
    if data.answers is not None:
        figures.append((_plural(data.answers, "answer"), _ANSWER))
    figures.extend((stat, _INK) for stat in data.stats)
    if data.grade:
        figures.append((f"Grade: {data.grade}", _GRADE))
    for text, color in figures:
        items.append(TextItem(text, x, band, 36, bold=True, color=color, role="figure"))
        x += int(_text_width(text, load_font(36, True))) + 48
    return CardLayout(items)


def render_card(data: CardData) -> bytes:
    """The card as PNG bytes (CPU work of ~20-40 ms: call it off the event loop)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    # A rule along the top in the two sides' colours: allegations, then answers.
    draw.rectangle((0, 0, WIDTH // 2, 12), fill=_ALLEGATION)
    draw.rectangle((WIDTH // 2, 0, WIDTH, 12), fill=_ANSWER)
    draw.line((MARGIN, HEIGHT - 150, WIDTH - MARGIN, HEIGHT - 150), fill=(214, 210, 200), width=2)
    for item in layout_card(data).items:
        font = load_font(item.size, item.bold)
        draw.text((item.x, item.y), item.text, font=font, fill=item.color)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
