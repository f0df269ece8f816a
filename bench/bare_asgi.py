"""The ceiling: a raw ASGI app that answers every request with the same ~3 KB HTML page.

bench/run.py serves it with exactly the uvicorn settings it gives Gainsay and reports each
Gainsay page as a share of its requests per second. No framework, no routing, no database:
what is left is uvicorn, the event loop and the kernel's loopback on this machine, so the ratio
compares across machines where raw requests per second do not.
"""

from typing import Any

_PARAGRAPH = (
    "<p>Reports on wars and scandals are a tangle of allegations and denials. A monitoring "
    "group gives a death toll; a ministry calls the reports fabricated; a rescue group says "
    "it recovered the bodies. This page stands in for one of them.</p>\n"
)
BODY = (
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Bare ASGI'
    "</title></head>\n<body>\n<main>\n" + _PARAGRAPH * 13 + "</main>\n</body>\n</html>\n"
).encode()
_HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (b"content-length", str(len(BODY)).encode()),
]

Scope = dict[str, Any]
Message = dict[str, Any]


async def app(scope: Scope, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message: Message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def create_app() -> Any:
    """Factory, so that uvicorn loads this app the same way (--factory) as Gainsay's."""
    return app
