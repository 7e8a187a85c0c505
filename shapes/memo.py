"""Values worked out once per exact set of objects (the same shapes, the same shapes graph), kept by identity.

A worker validates thousands of documents with the shapes of one catalog; the queries written from them are
the same for every document. The objects are kept beside the value, so an id that Python reuses for another
object after the first was freed never returns a stale value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class IdentityMemo(Generic[T]):
    """At most ``kept`` values, each for one tuple of objects compared by identity; cleared when full."""

    def __init__(self, kept: int = 64) -> None:
        self.kept = kept
        self._values: dict[tuple[int, ...], tuple[tuple[object, ...], T]] = {}

    def get(self, objects: tuple[object, ...], build: Callable[[], T]) -> T:
        """The value for ``objects``, from ``build()`` the first time."""
        key = tuple(map(id, objects))
        found = self._values.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], objects, strict=True)):
            return found[1]
        value = build()
        if len(self._values) >= self.kept:
            self._values.clear()
        self._values[key] = (objects, value)
        return value

    def clear(self) -> None:
        self._values.clear()
