"""app/limits.py, in process: over-size URLs, headers and bodies, forms with thousands of fields
and deeply nested JSON are refused with a 4xx that says so, never a 500."""

import json
from collections.abc import Iterator

import pytest

from app.ingest.importing.limits import MAX_API_REQUEST_BYTES, MAX_IMPORT_BYTES, MAX_UPLOAD_BYTES
from app.limits import (
    MAX_BODY_BYTES,
    MAX_FORM_FIELDS,
    MAX_HEADER_BYTES,
    MAX_JSON_DEPTH,
    MAX_URL_BYTES,
    body_limit,
)
from tests.limits_fixtures import FORM, assert_page, assert_problem, nested


def test_body_limits_leave_room_for_imports_and_nothing_else():
    assert body_limit("POST", "/sign-in") == MAX_BODY_BYTES == 1024 * 1024
    # The browser import takes several files of up to MAX_IMPORT_BYTES each, the API one article
    # (JSON-escaped): never less than those routes accept themselves.
    assert body_limit("POST", "/import") > MAX_UPLOAD_BYTES >= 10 * MAX_IMPORT_BYTES
    assert body_limit("POST", "/api/articles") > MAX_API_REQUEST_BYTES > MAX_IMPORT_BYTES
    assert body_limit("GET", "/import") == MAX_BODY_BYTES


def test_an_over_size_body_is_refused_from_its_content_length_before_it_is_read(client):
    headers = {"content-length": str(MAX_BODY_BYTES + 1), "content-type": FORM}
    page = client.post("/sign-in", content=b"username=x", headers=headers)
    assert_page(page, 413, "1.0 MiB")
    headers["content-type"] = "application/json"
    assert_problem(client.post("/api/claims", content=b"{}", headers=headers), 413, "1.0 MiB")


def test_an_over_size_body_without_a_length_is_refused_as_it_streams(client):
    def chunks() -> Iterator[bytes]:
        yield b"username="
        for _ in range(20):
            yield b"x" * 65536  # 1.25 MiB in all

    response = client.post("/sign-in", content=chunks(), headers={"content-type": FORM})
    assert "content-length" not in response.request.headers  # sent chunked
    assert_page(response, 413, "more than 1.0 MiB")


def test_an_import_may_be_larger_than_other_requests(client):
    body = json.dumps({"body": "word " * (MAX_BODY_BYTES // 4)}).encode()
    assert MAX_BODY_BYTES < len(body) <= MAX_API_REQUEST_BYTES
    response = client.post(
        "/api/articles", content=body, headers={"content-type": "application/json"}
    )
    # Past the size limit: refused for being anonymous, not for its size.
    assert response.status_code == 401


def many_fields(count: int) -> bytes:
    return "&".join(f"f{i}=v" for i in range(count)).encode()


def test_a_form_with_thousands_of_fields_is_refused_cleanly(client):
    response = client.post("/sign-in", content=many_fields(5000), headers={"content-type": FORM})
    assert_page(response, 400, f"Maximum number of fields is {MAX_FORM_FIELDS}")


def test_a_multipart_form_with_thousands_of_fields_is_refused_cleanly(client):
    boundary = "gainsayboundary"
    parts = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nv\r\n'
        for i in range(3000)
    )
    response = client.post(
        "/sign-in",
        content=(parts + f"--{boundary}--\r\n").encode(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert_page(response, 400, f"Maximum number of fields is {MAX_FORM_FIELDS}")


def test_a_form_at_the_field_limit_is_parsed(client):
    response = client.post(
        "/sign-in", content=many_fields(MAX_FORM_FIELDS), headers={"content-type": FORM}
    )
    assert response.status_code == 403  # parsed, then refused for its missing CSRF token


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 200_000])
def test_deeply_nested_json_is_a_400_problem(client, depth):
    response = client.post(
        "/api/claims", content=nested(depth), headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, f"more than {MAX_JSON_DEPTH} levels")


def test_json_at_the_depth_limit_goes_through(client):
    response = client.post(
        "/api/claims",
        content=nested(MAX_JSON_DEPTH),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 401  # read and parsed; refused for being anonymous


def test_brackets_inside_json_strings_do_not_count(client):
    text = '[{"x": "\\"' + "[" * 500 + '\\\\"}]'
    assert json.loads(text)  # valid JSON, nesting 2 levels
    response = client.post(
        "/api/claims", content=text.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 401


def test_an_over_long_url_is_414(client):
    query = "a" * MAX_URL_BYTES
    assert_page(client.get(f"/search?q={query}"), 414, f"{MAX_URL_BYTES:,}")
    assert_problem(client.get(f"/api/search?q={query}"), 414, f"{MAX_URL_BYTES:,}")


def test_a_long_search_below_the_url_limit_still_gets_the_search_pages_own_answer(client):
    assert client.get("/search", params={"q": "a" * 20_000}).status_code == 422


def test_over_size_headers_are_431(client):
    response = client.get("/", headers={"x-padding": "a" * MAX_HEADER_BYTES})
    assert_page(response, 431, "headers")


HOSTILE = [
    ("POST", "/sign-in", FORM, many_fields(100_000)[: MAX_BODY_BYTES - 1]),
    ("POST", "/sign-in", FORM, b"=" * 100_000),
    ("POST", "/sign-in", FORM, b"%" * 100_000),
    ("POST", "/sign-in", "multipart/form-data", b"--x\r\n" * 1000),
    ("POST", "/sign-in", "multipart/form-data; boundary=x", b"--x\r\n" * 100_000),
    ("POST", "/api/claims", "application/json", b"{" * 100_000),
    ("POST", "/api/claims", "application/json", b'{"a":' * 100_000),
    ("POST", "/api/claims", "application/json", b"\xff\xfe[\x00" * 1000),
    ("POST", "/api/claims", "application/json", b'"' + b"\\" * 100_001),
    ("POST", "/api/claims", "application/vnd.x+json", nested(10_000)),
    ("POST", "/api/claims", None, nested(10_000)),
    ("PATCH", "/api/claims/1", "application/json", nested(10_000)),
    # A form route does not read a JSON body at all.
    ("POST", "/sign-in", "application/json", nested(10_000)),
]


@pytest.mark.parametrize(("method", "path", "content_type", "body"), HOSTILE)
def test_hostile_bodies_never_get_a_500(client, method, path, content_type, body):
    headers = {"content-type": content_type} if content_type else {}
    response = client.request(method, path, content=body, headers=headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
