"""The writer for ``ingest --endpoint URL [--graph-store URL]``: each document's graph goes straight to a
SPARQL server, replacing it there, instead of into the embedded store."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from budgetkg.ingest.pipeline.prepare import IngestResult, fail
from budgetkg.ingest.pipeline.writer import Writer
from budgetkg.store.remote import push_document
from budgetkg.store.transfer import encode_document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RemoteTarget:
    """Where the documents go: the SPARQL Update URL and, optionally, the Graph Store Protocol URL."""

    endpoint: str | None
    graph_store: str | None = None


class RemoteWriter(Writer):
    """Pushes each document as it arrives; a failed push (after retries) makes only that document FAILED.

    Every push replaces the server's graph (as ``budgetkg push`` does): the check that keeps a much richer
    stored graph needs the embedded store, so ``--replace`` changes nothing here."""

    def __init__(self, target: RemoteTarget) -> None:
        self.target = target
        self.pushed: set[str] = set()

    def write_triples(self, result: IngestResult, iri: str, triples) -> None:
        """A document straight from the mapper."""
        self.write_encoded(result, encode_document(iri, triples))

    def write_encoded(self, result: IngestResult, data: bytes) -> None:
        """A document serialised as N-Quads (by a worker, local or on a cluster)."""
        try:
            push_document(result.document, data, self.target.endpoint, self.target.graph_store)
            self.pushed.add(result.document)
        except Exception as exc:  # an endpoint error or a bug fails this document only
            trace = fail(result, exc, doing="cannot push the document")
            if trace:
                log.debug("%s: %s\n%s", result.path, result.error, trace.rstrip())

    def committed(self, result: IngestResult) -> bool:
        return result.document in self.pushed

    def finish(self) -> None:
        """Nothing is held back: every document was pushed when it arrived."""
