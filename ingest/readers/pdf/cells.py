"""The text of every cell of a pdfplumber table, as ``Table.extract`` gives it, without its quadratic scan.

``Table.extract`` tests every character of the page against every row, so a dense page of many rows spent
more time there than in finding the table. Here the characters are sorted once by the height of their middle
and each row takes only those between its top and bottom (then exactly pdfplumber's test and text, characters
in page order), so the cells are the same.
"""

from __future__ import annotations

from bisect import bisect_left

from pdfplumber import utils


def _inside(char: dict, bbox) -> bool:
    """pdfplumber's test: the character's middle lies in the box (left and top edges included)."""
    v_mid = (char["top"] + char["bottom"]) / 2
    h_mid = (char["x0"] + char["x1"]) / 2
    x0, top, x1, bottom = bbox
    return h_mid >= x0 and h_mid < x1 and v_mid >= top and v_mid < bottom


def cell_texts(table) -> list[list[str | None]]:
    """Each row's cell texts (None for a cell merged into another), as ``table.extract()`` returns them; a table
    read by OCR (no pdfplumber page behind it) gives its own."""
    page = getattr(table, "page", None)
    if page is None:
        return table.extract()
    chars = page.chars
    order = sorted(range(len(chars)), key=lambda k: (chars[k]["top"] + chars[k]["bottom"]) / 2)
    middles = [(chars[k]["top"] + chars[k]["bottom"]) / 2 for k in order]
    out = []
    for row in table.rows:
        top, bottom = row.bbox[1], row.bbox[3]
        start = bisect_left(middles, top)
        stop = bisect_left(middles, bottom, lo=start)
        row_chars = [chars[k] for k in sorted(order[start:stop]) if _inside(chars[k], row.bbox)]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cell_chars = [c for c in row_chars if _inside(c, cell)]
            texts.append(utils.extract_text(cell_chars) if cell_chars else "")
        out.append(texts)
    return out
