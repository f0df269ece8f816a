"""Imported once by the import workers' forkserver (app/ingest/worker.py), never by the server
itself: it loads trafilatura and the suggestion engine and runs both on a small article, so
that every worker forked from the forkserver starts with their modules imported, their
patterns compiled and the sentence splitter built (about 0.5 s a worker would otherwise
spend on each article)."""

import trafilatura  # noqa: F401 (imported lazily by the extract stage; loaded here once)

from app.ingest import worker
from app.ingest.suggest import ActorDirectory

_SAMPLE_HTML = (
    "<html><head><title>Strike on a market</title></head><body><article>"
    "<p>The monitoring group said a strike killed 38 people in the market on Monday.</p>"
    "<p>The ministry denied the reports, calling them “fake”, a spokesman said.</p>"
    "</article></body></html>"
)
_SAMPLE_MARKDOWN = "---\ntitle: Strike\n---\n# Strike\n\nThe group *said* 3 died.\n"
_ACTORS = ActorDirectory([(1, "Syrian Observatory", "monitor", ("the monitoring group",), None)])
for _raw, _name in ((_SAMPLE_HTML, "warm.html"), (_SAMPLE_MARKDOWN, "warm.md")):
    worker.analyse(worker.job_for(_raw.encode(), _name, None, "warm-up", _ACTORS))
