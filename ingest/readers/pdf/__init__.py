"""The PDF reader: refuse unreadable files (``checks``), turn ruled tables into grids (``grid``, ``layout``),
read text-only pages quickly (``textpages``), and assemble a SourceDocument (``reader``)."""
