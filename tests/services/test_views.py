"""The read shapes (app/services/views.py): a page's items print what plain refs would."""

from datetime import date

from fastapi import FastAPI

from app.services.views import (
    ActorItem,
    ActorRef,
    ArticleItem,
    ArticleRef,
    actor_link,
    article_href,
)
from app.urls import PageLinks, RoutePaths


def _links() -> PageLinks:
    app = FastAPI()

    @app.get("/actors/{reference}", name="actor_detail")
    def actor_detail(reference: str) -> None: ...

    @app.get("/articles/{reference}", name="article_detail")
    def article_detail(reference: str) -> None: ...

    @app.get("/claims/{claim_id}", name="claim_detail")
    def claim_detail(claim_id: int) -> None: ...

    @app.get("/disputes/{reference}", name="dispute_detail")
    def dispute_detail(reference: str) -> None: ...

    return PageLinks(RoutePaths(app))


def test_an_actors_link_is_its_items_own_or_the_same_built_from_a_plain_ref():
    links = _links()
    ref = ActorRef(7, 'Rights "Watch" & <Co>', "rights-watch", "ngo")
    plain = actor_link(ref, links)
    assert plain == (
        '<a class="actor" href="/actors/7-rights-watch">Rights &#34;Watch&#34; &amp; &lt;Co&gt;</a>'
    )
    item = ActorItem.of(7, ref.name, ref.slug, ref.kind, "NGO", links.actor(7, ref.slug))
    assert actor_link(item, links) is item.link
    assert item.link == plain


def test_an_articles_href_is_its_items_own_or_the_same_built_from_a_plain_ref():
    links = _links()
    ref = ArticleRef(3, "A title", "a title", None, date(2016, 2, 1), None)
    assert article_href(ref, links) == "/articles/3-a%20title"
    item = ArticleItem.of(3, ref.title, ref.slug, "/articles/3-a%20title", None, ref.published_on)
    assert article_href(item, links) is item.href
    assert item.href == article_href(ref, links)


def test_actors_and_articles_compare_and_hash_by_value():
    # Not frozen (cheaper to build), but values still: equal refs are one key of a dict or set.
    outlet = ActorRef(1, "AFP", "afp", "media")
    article = ArticleRef(3, "A title", "a-title", outlet, None, None)
    again = ArticleRef(3, "A title", "a-title", ActorRef(1, "AFP", "afp", "media"), None, None)
    assert again == article and hash(again) == hash(article)
    assert len({article, again, ArticleRef(3, "A title", "a-title", None, None, None)}) == 2
    item = ActorItem.of(1, "AFP", "afp", "media", "Media", "/actors/1-afp")
    assert {item: "page"}[ActorItem.of(1, "AFP", "afp", "media", "Media", "/actors/1-afp")]
    assert item != outlet  # an item and a plain ref are different kinds of value
