"""app/page_cache_entry.py: what the page cache reads of a request's headers, and a page's tags
as it keeps them."""

import pytest

from app.auth import SESSION_COOKIE
from app.limits import MAX_HEADER_BYTES
from app.page_cache_entry import CacheRequest, pack_tags, tag_code, unpack_tags

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


def test_tags_come_back_as_they_were_packed_one_code_for_each():
    shown = {("dispute", 1), ("claim", 10), ("by_actor", 10), ("in_article", 0), ("user", -3)}
    shown |= {("article", (1 << 60) - 1), ("actor", -(1 << 60))}

    packed = pack_tags(shown)

    assert packed is not None and len(packed) == 8 * len(shown)
    assert set(unpack_tags(packed) or ()) == shown
    assert len({tag_code(tag) for tag in shown}) == len(shown)


@pytest.mark.parametrize(
    "odd",
    [("note", 1), ("claim", 1 << 60), ("claim", -(1 << 60) - 1), ("claim", "7")],
    ids=["unknown kind", "id too large", "id too small", "not an integer"],
)
def test_a_page_showing_a_tag_no_code_is_made_for_is_kept_as_declaring_nothing(odd):
    assert tag_code(odd) is None
    assert pack_tags([("dispute", 1), odd]) is None  # any change drops it


def test_a_page_that_shows_nothing_has_no_tags():
    assert pack_tags([]) is None and unpack_tags(None) is None
