"""app/trailing_slash.py: a page asked for with a trailing slash moves permanently (301)."""

import pytest

from app.trailing_slash import without_trailing_slash


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", None),
        ("/disputes", None),
        ("/disputes/", "/disputes"),
        ("/disputes///", "/disputes"),
        ("/disputes/1-a%C3%A9/", "/disputes/1-a%C3%A9"),
        ("//example.com/", "/example.com"),  # never a host of its own
        ("///example.com//", "/example.com"),
    ],
)
def test_without_trailing_slash(path, expected):
    assert without_trailing_slash(path) == expected


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/disputes/", "/disputes"),
        ("/articles/?offset=0&limit=5", "/articles?offset=0&limit=5"),
        ("/search/?q=%C3%A9", "/search?q=%C3%A9"),
    ],
)
def test_a_trailing_slash_moves_permanently(client, path, location):
    response = client.get(path, follow_redirects=False)

    assert response.status_code == 301
    assert response.headers["location"] == location
    assert "default-src" in response.headers["content-security-policy"]


def test_head_moves_too_and_the_target_answers(client):
    response = client.head("/actors/", follow_redirects=False)

    assert response.status_code == 301
    assert response.headers["location"] == "/actors"
    assert client.get("/actors").status_code == 200


def test_a_write_with_a_trailing_slash_keeps_its_method(client):
    """307 keeps a POST a POST; a 301 would let clients turn it into a GET."""
    response = client.post("/sign-in/", follow_redirects=False)

    assert response.status_code == 307
