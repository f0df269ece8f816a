"""pysbd's patterns kept compiled once. pysbd hands its patterns to `re`'s functions as strings
(`re.sub(rf"(?<=\\s{abbr})\\.…", …)`): a few per abbreviation the text contains, some 370 in
all with its rules. `re` keeps the last 512 patterns it compiled and drops the oldest, so
with the engine's own (a name's, a description's) each of pysbd's is compiled again every few
articles: 18,000 of the 26,000 compilations over the forty development files' 309 articles.
pysbd's modules are given a `re` whose functions keep every string pattern they compile, by
pattern and flags: the same patterns compiled by `re.compile`, so the same matches. What is
kept is bounded by pysbd's own patterns (its abbreviations and rules; an abbreviation as the
text capitalises it at most), and cleared past `_KEPT_MAX` all the same. Installed by
`sentences.py` when it first sets up its segmenter."""

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

_KEPT_MAX = 4096
# pysbd's modules that call `re`'s functions with patterns as strings.
_PYSBD_MODULES = (
    "pysbd.abbreviation_replacer",
    "pysbd.between_punctuation",
    "pysbd.exclamation_words",
    "pysbd.lists_item_replacer",
    "pysbd.processor",
    "pysbd.punctuation_replacer",
    "pysbd.utils",
)


class KeptRe:
    """`re`, but for its matching functions, which compile a string pattern once."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, int], re.Pattern[str]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    def _compiled(self, pattern: Any, flags: int) -> Any:
        if not isinstance(pattern, str):
            return re.compile(pattern, flags)
        key = (pattern, int(flags))
        compiled = self._kept.get(key)
        if compiled is None:
            if len(self._kept) >= _KEPT_MAX:
                self._kept.clear()
            compiled = self._kept[key] = re.compile(pattern, flags)
        return compiled

    def sub(
        self, pattern: Any, repl: str | Callable, string: str, count: int = 0, flags: int = 0
    ) -> str:
        return self._compiled(pattern, flags).sub(repl, string, count)

    def findall(self, pattern: Any, string: str, flags: int = 0) -> list[Any]:
        return self._compiled(pattern, flags).findall(string)

    def finditer(self, pattern: Any, string: str, flags: int = 0) -> Iterator[re.Match[str]]:
        return self._compiled(pattern, flags).finditer(string)

    def search(self, pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        return self._compiled(pattern, flags).search(string)

    def match(self, pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        return self._compiled(pattern, flags).match(string)

    def split(self, pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        return self._compiled(pattern, flags).split(string, maxsplit)


_KEPT_RE = KeptRe()


def keep_pysbd_patterns() -> None:
    """Give pysbd's modules (imported) the `re` that keeps their patterns compiled."""
    for name in _PYSBD_MODULES:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "re", None) is re:
            module.re = _KEPT_RE  # type: ignore[attr-defined]
