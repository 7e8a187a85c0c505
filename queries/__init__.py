"""The named query library: ``*.rq`` files with a ``#+`` YAML header, the code that reads and runs them
(``library``), binds their parameters as RDF terms (``binding``) and renders their rows (``results``)."""
