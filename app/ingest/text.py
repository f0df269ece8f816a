"""Cleaning received text into the stored body that claim anchors point into."""

import hashlib
import re
from collections.abc import Iterable

import ftfy

# Repair mis-decoded text ("â€™" → "’") and nothing else: curly quotes, ligatures, widths and
# Unicode normal form stay as received, so quotes copied from the source still match.
_REPAIR_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)

_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def repair_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ftfy.fix_text(text, _REPAIR_ONLY)


def drop_furniture(text: str, furniture: Iterable[str] = (), header_lines: int = 0) -> str:
    """Remove page furniture: the first `header_lines` lines, and every line whose text is one
    of `furniture` ("Share", "Advertisement", photo captions, credit lines). Paragraph breaks
    left doubled by a removal are folded into one."""
    unwanted = {line.strip() for line in furniture}
    kept = [
        line
        for index, line in enumerate(text.split("\n"))
        if index >= header_lines and line.strip() not in unwanted
    ]
    return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip("\n")


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
