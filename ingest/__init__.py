"""From a disclosure file to its RDF graph, in stages a reader can follow one document through.

1. ``readers``: a file (text/markdown or PDF) becomes a SourceDocument of lines and raw tables;
2. ``extract`` recognises each table (``tables``), the narrative (``narrative``), the document's metadata
   (``metadata``) and the policy layer (``policy``) into an Extraction of typed facts (``model``);
3. ``rdf`` maps the Extraction to one graph per document;
4. ``pipeline`` runs the stages for many files and hands the graphs to the store.

``normalise`` is the one place where text, numbers, units, document numbers and phases are normalised.
"""
