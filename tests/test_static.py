"""app/static.py: static files' URLs, which change when the file does."""

import hashlib
import re

from app.paths import STATIC_DIR


def test_each_static_url_names_its_file_and_its_content(client):
    first, second = client.get("/"), client.get("/articles")
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', first.text)
    # The layout's four (the stylesheet, the icon, htmx and the reader's script), built once
    # per app and the same on every page.
    assert len(urls) == 4
    assert urls == re.findall(r'(?:href|src)="(/static/[^"]+)"', second.text)
    for url in urls:
        path, _, version = url.removeprefix("/static/").partition("?v=")
        assert version == hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]
        assert client.get(url).status_code == 200
