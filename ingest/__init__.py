"""From a disclosure file to its RDF graph, in stages a reader can follow one document through.

1. ``readers``: a file (text/markdown or PDF) becomes a SourceDocument of lines and raw tables (``source``);
2. ``extract`` recognises its tables (``tables``), its narrative (``narrative``), its metadata (``metadata``)
   and its policy layer (``policy``) into an Extraction of typed facts (``model``, ``enums``);
3. ``rdf`` maps the Extraction to one graph per document;
4. ``pipeline`` runs the stages for many files (in worker processes if asked) and hands the graphs to the store.

``normalise`` is the one place where text, numbers, units and scales, document numbers and phases are normalised.
"""
