"""What happened in this process, announced by the code that made it happen.

Code that commits a write publishes `Committed` (`app.db.commit`); whatever must react to it
subscribes once, at start-up (`app.main.create_app` subscribes the change feed). Handlers run
in the publisher's thread, right after the event, and must be quick."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class Committed:
    """A transaction of this process that wrote to the database has committed."""


Event = TypeVar("Event", bound=Committed)

_handlers: dict[type[Any], list[Callable[[Any], None]]] = {}


def subscribe(kind: type[Event], handler: Callable[[Event], None]) -> None:
    """Call `handler` with every published event of `kind`. Subscribing twice is a no-op
    (each app built in one process subscribes the same handlers)."""
    handlers = _handlers.setdefault(kind, [])
    if handler not in handlers:
        handlers.append(handler)


def publish(event: Committed) -> None:
    for handler in _handlers.get(type(event), ()):
        handler(event)
