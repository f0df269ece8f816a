"""Payloads and browser watchers for the stored-XSS corpus test (tests/browser/test_xss_corpus.py).

The corpus is the Big List of Naughty Strings (tests/data/blns.json, vendored from npm; see
tests/data/blns.README.md) plus payloads of our own aimed at htmx. Each of ours would announce
itself if it ever ran or became markup: it calls alert('xss-<key>') or asks for
/xss-hit/<key> on the app's own origin. BLNS's own payloads call alert(…) or load scripts from
other hosts; the watchers catch both.
"""

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.reliability_fixtures import LONG

BLNS_PATH = Path(__file__).resolve().parent / "data" / "blns.json"
# blns.json is blns.txt without its section headings. Its "Script Injection" section runs from
# this line up to the first line of the next section ("SQL Injection").
BLNS_XSS_FIRST = "<script>alert(123)</script>"
BLNS_XSS_END = "1;DROP TABLE users"
# Quick profile: every XSS-section line, and every QUICK_STRIDE-th line of the rest.
QUICK_STRIDE = 4

MARKER_PATH = "/xss-hit/"
SEP = " ¦ "  # between payloads packed into one field

# Ours, aimed at htmx and at the contexts Jinja writes text into. "§" becomes the payload's
# key (h1, h2, …), so a hit names its payload.
HTMX_TEMPLATES: tuple[str, ...] = (
    # Plain markup: runs if a field is ever rendered unescaped.
    "<script>alert('xss-§')</script>",
    '<script src="/xss-hit/§"></script>',
    '<img src="/xss-hit/§">',
    "<img src=x onerror=\"alert('xss-§')\">",
    "<svg onload=\"alert('xss-§')\"></svg>",
    "<svg><script>alert('xss-§')</script></svg>",
    '<iframe src="/xss-hit/§"></iframe>',
    "<iframe srcdoc=\"<script>parent.alert('xss-§')</script>\"></iframe>",
    '<object data="/xss-hit/§"></object>',
    '<embed src="/xss-hit/§">',
    '<link rel=stylesheet href="/xss-hit/§">',
    "<style>@import '/xss-hit/§';</style>",
    '<p style="background:url(/xss-hit/§)">§</p>',
    '<meta http-equiv="refresh" content="0;url=/xss-hit/§">',
    '<base href="/xss-hit/§/">',
    "<details open ontoggle=\"alert('xss-§')\">§</details>",
    "<input autofocus onfocus=\"alert('xss-§')\">",
    "<video><source onerror=\"alert('xss-§')\"></video>",
    "<body onload=\"alert('xss-§')\">",
    '<img srcset="/xss-hit/§ 1x">',
    "<svg><a href=\"javascript:alert('xss-§')\"><text>§</text></a></svg>",
    "<svg><animate onbegin=\"alert('xss-§')\" attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=/xss-hit/§>",
    '<noscript><p title="</noscript><img src=/xss-hit/§>">',
    "<scr<script>ipt>alert('xss-§')</scr</script>ipt>",
    "<a href=\"javascript:alert('xss-§')\">§</a>",
    "<a href=\"&#106;avascript:alert('xss-§')\">§</a>",
    '<form action="/xss-hit/§"><button>§</button></form>',
    "<img src=/xss-hit/§",
    "&lt;img src=/xss-hit/§&gt;",  # must show as typed, never be decoded into a tag
    # Breaking out of the element or the attribute the text lands in.
    '"><img src=/xss-hit/§>',
    "'><img src=/xss-hit/§>",
    "</textarea><img src=/xss-hit/§>",
    "</title><img src=/xss-hit/§>",
    "</script><script>alert('xss-§')</script>",
    "</option></datalist><img src=/xss-hit/§>",
    '" autofocus onfocus="alert(\'xss-§\')" x="',
    "' autofocus onfocus='alert(`xss-§`)' x='",
    # htmx: each of these would act by itself if it reached the page as markup.
    '<div hx-get="/xss-hit/§" hx-trigger="load">§</div>',
    '<div data-hx-get="/xss-hit/§" data-hx-trigger="load">§</div>',
    '<form hx-post="/xss-hit/§" hx-trigger="load"></form>',
    "<div hx-on:click=\"alert('xss-§')\">§</div>",
    "<div hx-on::load=\"alert('xss-§')\">§</div>",
    "<div hx-on:htmx:load=\"fetch('/xss-hit/§')\">§</div>",
    "<div hx-on--load=\"alert('xss-§')\">§</div>",
    "<div data-hx-on:htmx:load=\"alert('xss-§')\">§</div>",
    '<div hx-get="/xss-hit/§" hx-trigger="load" hx-vals=\'js:{x: alert("xss-§")}\'>§</div>',
    '<div hx-post="/xss-hit/§" hx-trigger="load" hx-vals="javascript:alert(\'xss-§\')">§</div>',
    '<div hx-get="/xss-hit/§" hx-trigger="load" hx-headers=\'js:{"X": alert("xss-§")}\'>§</div>',
    '<div id="claim-panel" hx-swap-oob="true"><img src="/xss-hit/§"></div>',
    '<div id="main" hx-swap-oob="innerHTML" hx-get="/xss-hit/§" hx-trigger="load">§</div>',
    '<div hx-get="/xss-hit/§" hx-trigger="load" hx-select-oob="#main">§</div>',
    '<a hx-boost="true" href="/xss-hit/§">§</a>',
    '<div hx-get="/xss-hit/§" hx-trigger="every 1s">§</div>',
    '<div hx-trigger="load" hx-get="/" hx-on::before-request="alert(\'xss-§\')">§</div>',
    "<select hx-get=/xss-hit/§ hx-trigger=load></select>",
    '" hx-get="/xss-hit/§" hx-trigger="load" x="',
    "' hx-get='/xss-hit/§' hx-trigger='load' x='",
    '"}\' hx-get="/xss-hit/§" hx-trigger="load" x=\'{"',  # out of <body hx-headers='{…}'>
    '<div hx-ext="ignore:x" hx-get="/xss-hit/§" hx-trigger="load">§</div>',
    # URLs: only http(s) may ever become a link.
    "javascript:alert('xss-§')",
    "JaVaScRiPt:fetch('/xss-hit/§')",
    " javascript:alert('xss-§')",
    "java\tscript:alert('xss-§')",
    "data:text/html,<script>alert('xss-§')</script>",
    'vbscript:msgbox("xss-§")',
    "//xss-hit.invalid/§",
    # Template injection: must show as typed ("49" would mean it was evaluated).
    "{{7*7}} {{ xss_§ }} ${7*7} #{7*7} <%= 7*7 %> {% raw %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }} xss-§",
    "{{config}} {{request}} {{ self._TemplateReference__context }} xss-§",
    # The control characters the full-text index puts around matched words.
    "\x02<img src=/xss-hit/§>\x03 xss-§",
    "\uff1cscript\uff1ealert('xss-§')\uff1c/script\uff1e",  # fullwidth < and >
)


@dataclass(frozen=True)
class Payload:
    key: str  # "h7": ours; "b162": line 162 of blns.json
    text: str
    source: str  # "htmx", "blns-xss" (BLNS's Script Injection section) or "blns"

    @property
    def must_survive(self) -> bool:
        """Stored exactly (up to whitespace) wherever it is written, even by the importer's
        cleaning: anything that could carry script is kept as text, never dropped."""
        return self.source != "blns"


def htmx_payloads() -> list[Payload]:
    return [Payload(f"h{n}", t.replace("§", f"h{n}"), "htmx") for n, t in enumerate(HTMX_TEMPLATES)]


def blns_lines() -> list[str]:
    lines = json.loads(BLNS_PATH.read_text(encoding="utf-8"))
    assert isinstance(lines, list) and all(isinstance(line, str) for line in lines)
    return lines


def blns_payloads(long: bool = LONG) -> list[Payload]:
    """The whole list (long profile), or its XSS section and a sample of the rest (quick)."""
    lines = blns_lines()
    first, end = lines.index(BLNS_XSS_FIRST), lines.index(BLNS_XSS_END)
    chosen = []
    for index, line in enumerate(lines):
        in_xss = first <= index < end
        if not line.strip():
            continue  # nothing to see on a page; an empty field is refused anyway
        if in_xss or long or index % QUICK_STRIDE == 0:
            chosen.append(Payload(f"b{index}", line, "blns-xss" if in_xss else "blns"))
    return chosen


def corpus(long: bool = LONG) -> list[Payload]:
    return htmx_payloads() + blns_payloads(long)


# Quick profile: each field (a sink) is given all of our payloads and one of BLNS_STRATA fixed
# slices of the BLNS lines, a different slice from its neighbours, so that the fields together
# still hold every line of the quick corpus and every slice goes through every kind of page.
# The long profile gives every field everything.
BLNS_STRATA = 3


def stratum(payloads: Sequence[Payload], n: int, long: bool = LONG) -> list[Payload]:
    """Our payloads and the n-th slice of BLNS's (every BLNS_STRATA-th line from the n-th);
    all of `payloads` in the long profile."""
    if long:
        return list(payloads)
    blns = [p for p in payloads if p.source != "htmx"]
    chosen = {p.key for p in blns[n % BLNS_STRATA :: BLNS_STRATA]}
    return [p for p in payloads if p.source == "htmx" or p.key in chosen]


# --- Packing many payloads into one field ----------------------------------------------------


@dataclass(frozen=True)
class Pack:
    """The text written into one field of one object: a label, then payloads."""

    label: str
    payloads: tuple[Payload, ...]
    text: str


def pack(payloads: Sequence[Payload], limit: int, prefix: str, *, label: bool = True) -> list[Pack]:
    """Consecutive payloads joined by SEP, each pack at most `limit` characters and opening with
    a unique label "⟦prefix-n⟧" (makes names unique and failures easy to find). A payload that
    cannot fit `limit` is left out of this field."""
    packs: list[Pack] = []
    current: list[Payload] = []

    def head(n: int) -> str:
        return f"⟦{prefix}-{n}⟧ " if label else ""

    def text_of(items: list[Payload], n: int) -> str:
        return head(n) + SEP.join(p.text for p in items)

    for payload in payloads:
        if len(head(len(packs))) + len(payload.text) > limit:
            continue
        if current and len(text_of([*current, payload], len(packs))) > limit:
            packs.append(
                Pack(head(len(packs)).strip(), tuple(current), text_of(current, len(packs)))
            )
            current = []
        current.append(payload)
        if not label:  # unlabelled fields (tiny ones) take one payload each
            packs.append(Pack("", tuple(current), text_of(current, len(packs))))
            current = []
    if current:
        packs.append(Pack(head(len(packs)).strip(), tuple(current), text_of(current, len(packs))))
    return packs


def norm(text: str) -> str:
    """Text as compared between what was written, what is stored and what a page shows: NFC,
    without control characters or byte order marks (the importer drops them), whitespace runs
    as one space (HTML and the templates re-flow whitespace)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        ch
        for ch in text
        if ch != "\ufeff" and not (unicodedata.category(ch) == "Cc" and not ch.isspace())
    )
    return " ".join(text.split())


# --- In the browser ---------------------------------------------------------------------------

# Runs before any page script, in every frame: anything that tries to raise a dialog, compile a
# string (Function, string timers) or break the CSP is reported to the test
# (window.__xssReport is an exposed binding).
INIT_SCRIPT = r"""(() => {
  const report = (what, detail) => {
    try { window.__xssReport(`${what}: ${String(detail).slice(0, 300)}`); } catch (_) {}
  };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function (...args) { report(name, args.join(" ")); };
  }
  // eval itself is not trapped: Playwright evaluates its own helpers with it in this world.
  // Under the CSP it is refused (no 'unsafe-eval') and reported as a violation below.
  const trapFunction = {
    apply(target, self, args) {
      report("Function", args.join(", "));
      return Reflect.apply(target, self, args);
    },
    construct(target, args) {
      report("Function", args.join(", "));
      return Reflect.construct(target, args);
    },
  };
  window.Function = new Proxy(window.Function, trapFunction);
  for (const name of ["setTimeout", "setInterval"]) {
    const original = window[name];
    window[name] = function (handler, ...rest) {
      if (typeof handler === "string") { report(name, handler); return 0; }
      return original.call(this, handler, ...rest);
    };
  }
  document.addEventListener("securitypolicyviolation", (event) => {
    report("csp-violation", `${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
  });
})();"""

# Everything a user's text could have become if it was not escaped: elements the templates
# never write in <body>, event-handler and style attributes, htmx attributes the templates do
# not use or that name our markers, and links or sources with a scheme other than http(s).
DOM_SCAN = r"""(allowedHx) => {
  const bad = [];
  const FORBIDDEN = new Set(["SCRIPT", "IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "APPLET",
    "BASE", "META", "LINK", "STYLE", "IMG", "IMAGE", "SVG", "MATH", "VIDEO", "AUDIO", "SOURCE",
    "TRACK", "PICTURE", "CANVAS", "MARQUEE", "NOSCRIPT", "TEMPLATE", "PORTAL", "XMP", "PLAINTEXT",
    "LISTING", "BGSOUND", "KEYGEN", "ISINDEX"]);
  const URL_ATTRS = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster",
    "background", "ping", "srcset", "manifest", "codebase", "lowsrc", "dynsrc"]);
  const describe = (el) => el.outerHTML.slice(0, 160);
  // The app's own figures charts (templates/partials/evidence_figures.html, on the dispute and
  // evidence pages) are SVG drawn from these parts only; their attributes are checked below
  // like any other, and any other SVG element (a, animate, foreignObject, script) is reported.
  const CHART_PARTS = new Set(["svg", "title", "desc", "g", "line", "text", "rect", "circle",
    "polyline"]);
  const isChart = (el) => el.namespaceURI === "http://www.w3.org/2000/svg"
    && CHART_PARTS.has(el.tagName.toLowerCase())
    && el.closest("section.evidence-figures") !== null;
  for (const el of document.querySelectorAll("*")) {
    const inBody = document.body && document.body.contains(el);
    const chart = isChart(el);
    if (inBody && !chart && FORBIDDEN.has(el.tagName.toUpperCase())) {
      bad.push(`element: ${describe(el)}`);
    }
    if (!chart && el.namespaceURI !== "http://www.w3.org/1999/xhtml") {
      bad.push(`foreign: ${describe(el)}`);
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith("on") || name === "style" || name === "srcdoc") {
        bad.push(`attribute ${name}: ${describe(el)}`);
      } else if (name.startsWith("hx-") || name.startsWith("data-hx-")) {
        // (the app's own values are paths whose slugs may spell "xss-hit", never "/xss-hit")
        if (!allowedHx.includes(name) || /\/xss-hit|javascript:|^\s*js:/i.test(value)) {
          bad.push(`htmx attribute ${name}: ${describe(el)}`);
        }
      } else if (URL_ATTRS.has(name)) {
        const squashed = value.replace(/[\u0000-\u0020\u007f-\u00a0]/g, "").toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(squashed);
        if (scheme && scheme[1] !== "http" && scheme[1] !== "https") {
          bad.push(`${scheme[1]}: URL in ${name}: ${describe(el)}`);
        } else if (inBody && /\/xss-hit/i.test(value.split("?")[0]) && !el.matches("a.external")) {
          // (In <head>, an error page's canonical link is the address asked for, escaped: a
          // link that nothing fetches. A fetch from anywhere is caught by Watch._request.)
          bad.push(`marker URL in ${name}: ${describe(el)}`);
        }
      }
    }
  }
  return bad;
}"""

# The text a reader (or an analyst in a form) sees: the document's text, form values, tooltips
# and link targets.
PAGE_TEXT = r"""() => {
  const parts = [document.title, document.body ? document.body.textContent : ""];
  document.querySelectorAll("input, textarea, option").forEach((el) => parts.push(el.value));
  document.querySelectorAll("[title]").forEach((el) => parts.push(el.getAttribute("title")));
  document.querySelectorAll("a[href]").forEach((el) => parts.push(el.getAttribute("href")));
  return parts.join("\n");
}"""

# The hx-* attributes the templates themselves write.
TEMPLATE_HX_ATTRIBUTES = (
    "hx-get",
    "hx-post",
    "hx-target",
    "hx-swap",
    "hx-trigger",
    "hx-push-url",
    "hx-sync",
    "hx-headers",
    "hx-include",  # the search box sends its form's chosen facets and dates along
)


@dataclass
class Watch:
    """Everything a browser context does that stored text could have caused: dialogs, trapped
    calls, console errors, CSP violations, popups, and any request other than the app's own
    pages, its static files and the htmx requests of an interaction the test performs."""

    base: str
    problems: list[str] = field(default_factory=list)
    where: str = "setup"
    htmx_allowed: bool = False  # set while the test clicks or types to make htmx fetch
    refusal_expected: bool = False  # set while the test submits a form the app must refuse
    htmx_requests: int = 0
    # The type-ahead inputs the pages looked at declare (their id → the path of their hx-get):
    # their requests are expected whenever they happen, not only while the test waits for
    # them (a debounced request may fire after the test has moved on, or not at all).
    typeahead: dict[str, str] = field(default_factory=dict)
    typeahead_requests: int = 0
    # A type-ahead request still in flight when the reader types again (hx-sync replace) or
    # leaves the page is aborted, and htmx logs that as two console errors naming the
    # datalist it fills. Those logs are held until `finish`, which lets through as many as
    # there were aborted type-ahead requests and reports any others.
    typeahead_aborts: int = 0
    abort_logs: list[str] = field(default_factory=list)

    def attach(self, context: object) -> None:
        origin = re.escape(self.base.rstrip("/"))
        context.expose_binding("__xssReport", lambda _source, text: self._add(f"ran: {text}"))
        context.add_init_script(INIT_SCRIPT)
        # Nothing leaves the app's origin; a marker URL gets an empty answer.
        context.route(re.compile(rf"^(?!{origin}/)"), lambda route: route.abort())
        context.route(re.compile(rf"^{origin}/xss-hit/"), lambda route: route.fulfill(status=204))
        context.on("request", self._request)
        context.on("requestfailed", self._request_failed)
        context.on("page", self._page)

    def _add(self, problem: str) -> None:
        self.problems.append(f"[{self.where}] {problem}")

    def _page(self, page: object) -> None:
        if len(page.context.pages) > 1:
            self._add(f"a new window opened: {page.url}")
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._add(f"uncaught: {error}"))

    def _dialog(self, dialog: object) -> None:
        self._add(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: object) -> None:
        refused = message.text.startswith("Failed to load resource: the server responded with")
        if refused and self.refusal_expected:
            return  # the refused form's own answer (any request is policed in _request)
        if message.type == "error" and message.text in TYPEAHEAD_ABORT_LOGS:
            self.abort_logs.append(f"[{self.where}] console error: {message.text}")
            return
        if message.type in ("error", "warning"):
            self._add(f"console {message.type}: {message.text[:300]}")

    def _request_failed(self, request: object) -> None:
        if request.resource_type in ("xhr", "fetch") and self.is_typeahead(request):
            self.typeahead_aborts += 1

    def finish(self) -> list[str]:
        """Everything seen, once the page has settled: the problems, and htmx's abort logs
        beyond the two that each aborted type-ahead request explains."""
        explained = len(TYPEAHEAD_ABORT_LOGS) * self.typeahead_aborts
        return self.problems + self.abort_logs[explained:]

    def _request(self, request: object) -> None:
        url = request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return  # no network; whatever made it is an element the DOM scan reports
        if f"{parts.scheme}://{parts.netloc}" != self.base.rstrip("/"):
            self._add(f"request to another origin: {request.resource_type} {url}")
            return
        if parts.path.startswith(MARKER_PATH):
            self._add(f"marker request: {request.resource_type} {url}")
            return
        if parts.path.startswith("/static/"):
            return
        kind = request.resource_type
        if kind == "document" and request.frame.parent_frame is None:
            return  # the test's own navigation (goto, a form it submits, a redirect)
        if kind in ("xhr", "fetch") and self.is_typeahead(request):
            self.typeahead_requests += 1
            return
        if kind in ("xhr", "fetch") and self.htmx_allowed and request.headers.get("hx-request"):
            self.htmx_requests += 1
            return
        self._add(f"unexpected request: {kind} {request.method} {url}")

    def declare(self, page: object) -> None:
        """Note the type-ahead inputs the page holds now (`TYPEAHEADS`)."""
        self.typeahead.update(page.evaluate(TYPEAHEADS))

    def is_typeahead(self, request: object) -> bool:
        """An htmx GET sent by a type-ahead input a page declared (htmx names the element in
        HX-Trigger), to the very path that input declares. Such an input fires only on the
        `input` events of a user typing, which only the test does; an element that fetches
        by itself (`hx-trigger="load"`, a script) is not one, so its request stays unexpected."""
        headers = request.headers
        trigger = headers.get("hx-trigger")
        return (
            request.method == "GET"
            and headers.get("hx-request") == "true"
            and trigger is not None
            and self.typeahead.get(trigger) == urlsplit(request.url).path
        )


# The page's type-ahead inputs, as the templates write them: an <input> with an id unique in the
# document, an hx-get and a trigger on typing alone (`input changed …`, optionally also `search`:
# the search field's clear button). id → the pathname of its hx-get.
# What htmx logs for an aborted request whose target is a type-ahead's datalist.
TYPEAHEAD_ABORT_LOGS = (
    "htmx:afterRequest, [object HTMLDataListElement]",
    "htmx:sendAbort, [object HTMLDataListElement]",
)

TYPEAHEADS = r"""() => {
  const found = {};
  for (const el of document.querySelectorAll("input[id][hx-get][hx-trigger]")) {
    const events = el.getAttribute("hx-trigger").split(",").map((e) => e.trim().split(/\s+/)[0]);
    if (events[0] !== "input" || !events.every((e) => e === "input" || e === "search")) continue;
    if (document.querySelectorAll(`[id="${CSS.escape(el.id)}"]`).length !== 1) continue;
    found[el.id] = new URL(el.getAttribute("hx-get"), location.href).pathname;
  }
  return found;
}"""


def scan(page: object) -> list[str]:
    return page.evaluate(DOM_SCAN, list(TEMPLATE_HX_ATTRIBUTES))


def page_text(page: object) -> str:
    return norm(page.evaluate(PAGE_TEXT))


# Resolves after two frames and a short pause, by which time htmx has processed the page and
# any load trigger would have sent its request.
SETTLE = """() => new Promise((resolve) => requestAnimationFrame(() =>
    requestAnimationFrame(() => setTimeout(resolve, 30))))"""


def js(expression: str) -> str:
    """A function for wait_for_function whose value is `expression`."""
    return f"() => ({expression})"


def missing(expected: Iterable[str], haystack: str) -> list[str]:
    """The expected texts (normalised) not found in the page's normalised text."""
    return [text for text in expected if norm(text) and norm(text) not in haystack]


def shorten(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
