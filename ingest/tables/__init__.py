"""Stage 2 of ingest: recognise each table by its title and header words (``recognise``), split and flatten
its header (``headers``), and extract its cells as typed observations with the extractor ``registry``
holds for its kind (``coded``, ``summary``, ``three_public``, ``units``)."""
