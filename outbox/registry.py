"""Who does the work of each outbox topic.

Apps above the domain register their handlers at import time of a module their
``AppConfig.ready`` imports (``search.outbox_handlers``, ``members.outbox_handlers``), so the
web process and the worker know the same topics. A handler takes the payloads of one or more
messages and raises on failure; ``batch=True`` lets the drain hand it many messages at once
(indexing merges them), otherwise it gets one at a time (mail, where a failure half-way must
not repeat what already went out).
"""

from collections.abc import Callable
from dataclasses import dataclass

HandlerFunc = Callable[[list[dict]], object]


@dataclass(frozen=True)
class Handler:
    topic: str
    func: HandlerFunc
    batch: bool


_handlers: dict[str, Handler] = {}


def register(topic: str, *, batch: bool = False) -> Callable[[HandlerFunc], HandlerFunc]:
    def decorate(func: HandlerFunc) -> HandlerFunc:
        _handlers[topic] = Handler(topic=topic, func=func, batch=batch)
        return func

    return decorate


def handler_for(topic: str) -> Handler | None:
    return _handlers.get(topic)
