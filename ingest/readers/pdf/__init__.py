"""The PDF reader: refuse unreadable files (``checks``), find ruled tables and close the rules a page break
leaves open (``edges``), cut grids at titles printed inside them (``titles``), turn ruled tables into grids
(``grid``) and side-by-side column groups into one table (``layout``), group text into lines by vertical
overlap (``lines``), read text-only pages quickly (``textpages``), and assemble a SourceDocument
(``reader``)."""
