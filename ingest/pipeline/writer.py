"""The single writer of an ingest run: new documents in bulk-loader batches, known ones replaced atomically.

The bulk loader is only used for documents that arrive serialised from worker processes (see
``budgetkg.ingest.pipeline.workers``); ``KnowledgeStore.bulk_add`` makes it crash-safe. A re-ingest that
would replace a document's graph with a much poorer one (far fewer observations or tables: a damaged copy,
a reader regression) keeps the stored graph and says so, unless ``replace`` is set.
"""

from __future__ import annotations

import logging

from budgetkg.ingest.pipeline.prepare import IngestResult, Prepared, fail
from budgetkg.store import KnowledgeStore
from budgetkg.store.transfer import decode_document

log = logging.getLogger(__name__)

# quads a bulk load takes at once: RocksDB compacts after every load, so fewer, larger loads cost less (1,000
# seed-sized documents: 1M gave 390 s, writer 288 ms of CPU a document, against 428 s and 338 ms with 500k)
BATCH_TRIPLES = 1_000_000
POORER_SHARE = 0.5  # a new read with less than half the stored observations or tables is much poorer
MIN_COMPARED = 10  # observations a stored graph must hold before a drop counts
_COUNTS = """SELECT (COUNT(?o) AS ?observations) (COUNT(DISTINCT ?t) AS ?tables)
WHERE { ?o a bgt:BudgetObservation ; qb:dataSet ?t }"""
OPTIMIZE_AFTER_QUADS = 500_000  # about 100 seed-sized documents


class Writer:
    """Where prepared documents go: ``write`` takes one as a worker sends it (N-Quads bytes) or as prepared here."""

    def write(self, result: IngestResult, payload: bytes | Prepared) -> None:
        """Write one prepared document; whatever goes wrong makes ``result`` FAILED, never raises."""
        if isinstance(payload, bytes):
            self.write_encoded(result, payload)
        else:
            self.write_triples(result, payload.iri, payload.triples)

    def write_triples(self, result: IngestResult, iri: str, triples) -> None:
        raise NotImplementedError

    def write_encoded(self, result: IngestResult, data: bytes) -> None:
        raise NotImplementedError

    def committed(self, result: IngestResult) -> bool:
        """Whether ``result``'s document is written (after ``finish``): asked for the one Ctrl-C came during."""
        raise NotImplementedError

    def finish(self) -> None:
        """Write what is held back."""


class StoreWriter(Writer):
    """Writes documents to ``store``; a failed write makes only the documents it concerned FAILED."""

    def __init__(self, store: KnowledgeStore, bulk: bool, replace: bool = False) -> None:
        self.store, self.bulk, self.replace = store, bulk, replace
        self.batch: dict[str, list] = {}
        self.waiting: list[IngestResult] = []  # the results of the batched documents
        self.size = 0
        self.bulk_loaded = 0

    def write_triples(self, result: IngestResult, iri: str, triples) -> None:
        """Replace the graph ``iri`` with ``triples`` straight from the mapper (one transaction)."""
        try:
            if self._keeps_stored(result, iri):
                return
            result.triples = self.store.replace_graph(iri, triples)
        except Exception as exc:  # a store error or a bug fails this document only
            self._failed([result], exc)

    def write_encoded(self, result: IngestResult, data: bytes) -> None:
        """A document serialised by a worker: its bytes batched for the bulk loader if new, else replaced at once."""
        iri = result.document
        try:
            if not self.bulk or self.store.has_graph(iri) or iri in self.batch:
                self.flush()
                if self._keeps_stored(result, iri):
                    return
                self.store.replace_graph(iri, decode_document(iri, data).triples())
                return
        except Exception as exc:  # a store error or a bug fails this document only
            self._failed([result], exc)
            return
        self.batch[iri] = data
        self.waiting.append(result)
        self.size += data.count(b"\n")  # N-Quads: one quad a line
        if self.size >= BATCH_TRIPLES:
            self.flush()

    def committed(self, result: IngestResult) -> bool:
        return bool(result.document) and self.store.has_graph(result.document)

    def _keeps_stored(self, result: IngestResult, iri: str) -> bool:
        """True (and ``result`` FAILED with why) when the stored graph ``iri`` is much richer than this read."""
        if self.replace or not self.store.has_graph(iri):
            return False
        row = next(iter(self.store.select(_COUNTS, graphs=iri)), None)
        old_obs, old_tables = (int(row["observations"].value), int(row["tables"].value)) if row else (0, 0)
        poorer = old_obs >= MIN_COMPARED and (
            result.observations < old_obs * POORER_SHARE or result.data_tables < old_tables * POORER_SHARE
        )
        if poorer:
            result.error = (
                f"not replaced: this read gives {result.observations} observations in {result.data_tables} tables, "
                f"the stored graph holds {old_obs} in {old_tables}; the stored graph is kept "
                "(check the file, or ingest it again with --replace to replace it anyway)"
            )
        return poorer

    def flush(self) -> None:
        """Bulk-load the batch; if that fails, every document in it is FAILED (the store drops them)."""
        if not self.batch:
            return
        batch, waiting = self.batch, self.waiting
        self.batch, self.waiting, self.size = {}, [], 0
        try:
            self.bulk_loaded += self.store.bulk_add(batch)
        except Exception as exc:  # a store error or a bug fails the batch's documents, not the run
            self._failed(waiting, exc)

    def finish(self) -> None:
        """Flush, then compact after a large bulk load (joins on a 1,000-document store ran 2.4x faster)."""
        self.flush()
        if self.bulk_loaded >= OPTIMIZE_AFTER_QUADS:
            self.store.optimize()

    @staticmethod
    def _failed(results: list[IngestResult], exc: Exception) -> None:
        for result in results:
            trace = fail(result, exc, doing="cannot write the store")
            if trace:
                log.debug("%s: %s\n%s", result.path, result.error, trace.rstrip())
