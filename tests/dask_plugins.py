"""A Dask worker plugin for tests/test_dask.py, in its own small module so that the cluster's worker processes
import only this (and budgetkg) to unpickle it."""

from __future__ import annotations

import os

from distributed import WorkerPlugin


class DieOnFile(WorkerPlugin):
    """Makes every worker process die (as a crash in a PDF library would) when it starts reading a file whose
    name ends with ``suffix``; set up again in each worker the nanny restarts."""

    name = "die-on-file"

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def setup(self, worker) -> None:
        import budgetkg.ingest.pipeline.prepare as prepare_module  # the worker's copy of the module

        real, suffix = prepare_module.extract, self.suffix

        def extract(doc, *args, **kwargs):
            if doc.path.endswith(suffix):
                os._exit(9)
            return real(doc, *args, **kwargs)

        prepare_module.extract = extract
