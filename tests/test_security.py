"""app/security.py and templates/: strict CSP and friends on every answer; nothing inline."""

import json
import re

import pytest

from app.paths import TEMPLATES_DIR
from tests.conftest import permalink
from tests.htmldoc import parse


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


@pytest.fixture(scope="module")
def sample_urls(client, seed_ids) -> dict[str, str]:
    claims = seed_ids.claims
    article = permalink(client, f"/articles/{seed_ids.articles['003_cd7533017dceb534.txt']}")
    return {
        "home": "/",
        "dispute": permalink(client, f"/disputes/{seed_ids.disputes['idlib-bombing-sept-2017']}"),
        "article": f"{article}?claim={claims['konashenkov-charlatans-003']}",
        "actor": permalink(client, f"/actors/{seed_ids.actors['Igor Konashenkov']}"),
        "claim": f"/claims/{claims['konashenkov-us-a10-002']}",
        "search": "/search?q=Konashenkov",
        "lists": "/disputes",
        "docs": "/docs",
        "api claim": f"/api/claims/{claims['konashenkov-us-a10-002']}",
        "api list": "/api/disputes",
        "openapi": "/openapi.json",
        "404 page": "/disputes/999999",
        "404 api": "/api/claims/999999",
        "422 page": "/history/claim/abc",
        "422 api": "/api/claims?limit=0",
        "redirect": f"/disputes/{seed_ids.disputes['idlib-bombing-sept-2017']}",
        "static": "/static/app.css",
        "healthz": "/healthz",
    }


HEADER_SAMPLES = [
    "home", "dispute", "article", "search", "docs", "api claim", "api list", "openapi",
    "404 page", "404 api", "422 page", "422 api", "redirect", "static", "healthz",
]  # fmt: skip


@pytest.mark.parametrize("name", HEADER_SAMPLES)
def test_security_headers_on_every_kind_of_answer(client, sample_urls, name):
    response = client.get(sample_urls[name], follow_redirects=False)
    assert response.status_code in (200, 301, 404, 422), response.status_code

    csp = response.headers["content-security-policy"]
    directives = csp_directives(csp)
    assert "'self'" in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "*" not in directives["script-src"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }


PAGE_SAMPLES = [
    "home",
    "dispute",
    "article",
    "actor",
    "claim",
    "search",
    "lists",
    "docs",
    "404 page",
]


@pytest.mark.parametrize("name", PAGE_SAMPLES)
def test_pages_have_no_inline_script_or_style(client, sample_urls, name):
    response = client.get(sample_urls[name])
    assert response.headers["content-type"].startswith("text/html")
    root = parse(response.text)

    # A JSON-LD data block is not a script (browsers never run it; the CSP does not apply):
    # it must parse as JSON and hold no "<", so no text in it can end the element.
    data_blocks = root.find_all("script", type="application/ld+json")
    for block in data_blocks:
        assert json.loads(block.text) and "<" not in block.text
    scripts = [s for s in root.find_all("script") if s not in data_blocks]
    assert scripts, "every page loads its scripts from files"
    assert all(s.get("src") and not s.text.strip() for s in scripts)
    assert root.find_all(where=lambda el: "style" in el.attrs) == []
    assert root.find_all("style") == []
    handlers = [el.tag for el in root.iter() if any(a.startswith("on") for a in el.attrs)]
    assert handlers == []
    assert "javascript:" not in response.text


def template_files() -> list:
    return sorted(TEMPLATES_DIR.rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(template_files()) >= 10


@pytest.mark.parametrize("path", template_files(), ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(path):
    source = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.DOTALL)  # not comments

    # Only a JSON-LD data block may be a <script> without src (see the page test above).
    script = r"<script(?![^>]*\btype=\"application/ld\+json\")"
    assert not re.search(script + r"(?![^>]*\bsrc=)[^>]*>", source), "a <script> without src"
    assert not re.search(script + r"[^>]*>\s*[^<\s]", source), "a <script> with a body"
    assert not re.search(r"\sstyle\s*=", source), "a style= attribute"
    assert "<style" not in source
    assert not re.search(r"\son[a-z]+\s*=", source), "an inline event handler"
