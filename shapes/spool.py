"""The graphs an ingest with validation wrote, kept aside for the rules that compare documents.

After an ingest that validated each document where it was prepared (:mod:`budgetkg.shapes.atingest`), only
the cross-document rules are left, and they read each department's documents together. Reading those graphs
back from a large on-disk store cost most of that pass (57 ms a document on a 1,000-document store, against
8 ms for the rules themselves), so the writer hands each document's N-Quads, as a worker sent them, to a
``GraphSpool``: compressed, in an unlinked temporary file that the system removes when the run ends.
"""

from __future__ import annotations

import os
import tempfile
import threading
import zlib
from pathlib import Path

LEVEL = 1  # zlib's fastest level: about a seventh of the size of a seed-sized document's N-Triples


class GraphSpool:
    """Documents' triples by document IRI (N-Triples, compressed in a temporary file); safe across threads."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder, prefix="budgetkg-spool-", buffering=0)
        self._index: dict[str, tuple[int, int]] = {}
        self._end = 0
        self._lock = threading.Lock()

    def add(self, document: str, data: bytes) -> bool:
        """Keep the document from its N-Quads ``data``; False (nothing kept) unless every quad is in the graph
        ``document`` (N-Quads escape newlines in literals, so each line ending in that name is one such quad)."""
        suffix = b" <" + document.encode("utf-8") + b"> .\n"
        if data.count(suffix) != data.count(b"\n") or not data.endswith(b"\n"):
            return False
        packed = zlib.compress(data.replace(suffix, b" .\n"), LEVEL)
        with self._lock:
            os.pwrite(self._file.fileno(), packed, self._end)
            self._index[document] = (self._end, len(packed))
            self._end += len(packed)
        return True

    def __contains__(self, document: object) -> bool:
        return document in self._index

    def __len__(self) -> int:
        return len(self._index)

    def triples(self, document: str) -> bytes | None:
        """The document's triples as N-Triples, or None when it was not kept."""
        where = self._index.get(document)
        if where is None:
            return None
        return zlib.decompress(os.pread(self._file.fileno(), where[1], where[0]))

    def close(self) -> None:
        """Remove the file (also done by the system when the process ends)."""
        self._file.close()
        self._index.clear()

    def __enter__(self) -> GraphSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
