"""Stage 1 of ingest: read a file (text/markdown or PDF) into a :class:`~budgetkg.ingest.model.SourceDocument`.

``text`` splits tab-separated runs into tables, ``pdf`` reads ruled grids and text lines with pdfplumber;
both find each table's title, number and unit with ``preamble``. Nothing here knows what a table means.
"""
