"""app/page_cache_entry.py: what the page cache reads of a request's headers."""

from app.auth import SESSION_COOKIE
from app.limits import MAX_HEADER_BYTES
from app.page_cache_entry import CacheRequest

BROWSER = [
    (b"host", b"gainsay.test"),
    (b"user-agent", b"Mozilla/5.0 (X11; Linux x86_64)"),
    (b"accept", b"text/html,application/xhtml+xml"),
    (b"accept-encoding", b"gzip, deflate, br"),
    (b"accept-language", b"en-GB,en;q=0.9"),
]


def test_a_browsers_request_is_read_for_host_encoding_and_htmx_only():
    request = CacheRequest.read([*BROWSER, (b"hx-request", b"true"), (b"if-none-match", b'"a"')])

    assert request is not None
    assert (request.host, request.accepts_gzip, request.if_none_match) == (
        b"gainsay.test",
        True,
        '"a"',
    )
    assert request.htmx == (True, False, False) and not request.unusual


def test_a_cookie_names_a_user_only_with_the_session_in_it():
    theme = CacheRequest.read([*BROWSER, (b"cookie", b"theme=dark")])
    session = CacheRequest.read([*BROWSER, (b"cookie", f"theme=dark; {SESSION_COOKIE}=x".encode())])

    assert theme is not None and not theme.unusual
    assert session is None
    assert CacheRequest.read([(b"authorization", b"Bearer gsy_x"), *BROWSER]) is None


def test_headers_the_cache_does_not_read_still_count_towards_their_size():
    padded = CacheRequest.read([*BROWSER, (b"x-padding", b"a" * MAX_HEADER_BYTES)])
    within = CacheRequest.read([*BROWSER, (b"x-padding", b"a" * 100)])

    assert padded is not None and padded.unusual
    assert within is not None and not within.unusual


def test_a_request_with_a_body_is_unusual():
    for name, value in ((b"content-length", b"3"), (b"transfer-encoding", b"chunked")):
        request = CacheRequest.read([*BROWSER, (name, value)])
        assert request is not None and request.unusual
