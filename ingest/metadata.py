"""Document metadata: department, fiscal year, kind (预算/决算), dates and reporting unit."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from budgetkg.errors import InputError
from budgetkg.ingest.enums import DocumentKind
from budgetkg.ingest.model import DocumentMeta, GivenMetadata, SourceDocument
from budgetkg.ingest.normalise import clean_cell, squash

_TITLE_YEAR_FIRST = re.compile(
    r"(20\d{2})(?:年度|年|度)(.+?)(?:[（(]部门[)）])?(?:部门)?(?:\d{4}年度?)?(预算|决算)(?:公开|信息公开|报告|说明)?"
)
_TITLE_DEPT_FIRST = re.compile(r"^(.+?)(20\d{2})(?:年度|年|度)?(?:部门|单位)?(预算|决算)")
_DATE = re.compile(r"(20\d{2})年(\d{1,2})月(\d{1,2})日")
DATE_LABELS = ("批复时间", "公开时间")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|亿元)")


def _labelled(label: str, text: str) -> bool:
    t = squash(text)
    return t.startswith(label) or f"{label}：" in t or f"{label}:" in t


def date_labels(lines: list[str]) -> tuple[str, ...]:
    """The date labels printed among ``lines``: a template that prints none cannot be held to the 20-day rule."""
    return tuple(label for label in DATE_LABELS if any(_labelled(label, text) for text in lines))


def _date_after(label: str, lines: list[str]) -> date | None:
    for text in lines:
        t = squash(text)
        if _labelled(label, text):
            m = _DATE.search(t)
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _clean_department(name: str) -> str:
    """The body's name without the (部门) mark, brackets, and any year form (2018年度, 2018年, 2018度, 年度)
    left beside it, so that two years of one body name one department."""
    name = re.sub(r"20\d{2}\s*(?:年度|年|度)?", "", squash(name))
    name = re.sub(r"[（(]部门[)）]$|部门$|^[（(]|[)）]$", "", name)
    name = re.sub(r"^(?:年度|度)|(?:年度)$", "", name)
    return re.sub(r"[（(]部门[)）]$|部门$", "", name).strip("：:，,")


def parse_title(text: str) -> tuple[str, int, DocumentKind] | None:
    """(department, year, kind) from a title such as '2025 年度包头市人力资源和社会保障局 (部门)预算公开'."""
    t = squash(clean_cell(text.lstrip("# ")))
    for pattern, order in ((_TITLE_YEAR_FIRST, "yd"), (_TITLE_DEPT_FIRST, "dy")):
        m = pattern.search(t)
        if not m:
            continue
        year, dept = (m.group(1), m.group(2)) if order == "yd" else (m.group(2), m.group(1))
        dept = _clean_department(dept)
        if len(dept) >= 3:
            return dept, int(year), DocumentKind.FINAL_ACCOUNTS if m.group(3) == "决算" else DocumentKind.BUDGET
    return None


_LABELLED_DEPT = re.compile(r"^(?:预算主管部门|编制部门|部门名称|单位名称|主管部门)[:：](.{3,40})$")
_NOT_A_TITLE = re.compile(r"表$|^第[一二三四五六七八九十]+部分")  # table titles and part headings
_KIND_LINE = re.compile(r"(预算|决算)(?:公开|信息公开|报告|说明)?$")
_YEAR = re.compile(r"(20\d{2})")
_OWN_NAME = re.compile(r"^(.{3,}?)(?:年度|年|度)?(?:部门|单位)?(?:预算|决算)")


def split_title(texts: list[str]) -> tuple[tuple[str, int, DocumentKind] | None, str | None]:
    """A title printed over several lines ('上海市普陀区财政局' / '年度部门决算' / '2024'), or one whose
    department is named on a labelled line ('预算主管部门：…'); (department, year, kind) and the title."""
    head = [squash(clean_cell(t.lstrip("# "))) for t in texts[:15]]
    head = [t for t in head if t]
    kind_at = next((i for i, t in enumerate(head) if _KIND_LINE.search(t) and len(t) <= 40), None)
    if kind_at is None:
        return None, None
    kind = DocumentKind.FINAL_ACCOUNTS if _KIND_LINE.search(head[kind_at]).group(1) == "决算" else DocumentKind.BUDGET
    years = [m.group(1) for t in head[max(0, kind_at - 2) : kind_at + 3] for m in _YEAR.finditer(t)]
    if not years:
        return None, None
    department = next((m.group(1) for t in head for m in [_LABELLED_DEPT.match(t)] if m), None)
    start = kind_at
    own = _OWN_NAME.match(_YEAR.sub("", head[kind_at]))
    if department is None and own and len(_clean_department(own.group(1))) >= 3:  # the name on the kind line
        department = _clean_department(own.group(1))
    if department is None and kind_at > 0:
        start = kind_at - 1
        department = _YEAR.sub("", head[start]).rstrip("年度")
    if not department or len(department) < 3:
        return None, None
    title = "".join(head[start : kind_at + 1])
    if years[0] not in title:
        rest = (
            head[kind_at].lstrip("年度")
            if start != kind_at
            else re.sub(r"^.*?(?:年度|年|度)?(?=(?:部门|单位)?(?:预算|决算))", "", head[kind_at], count=1)
        )
        title = f"{_clean_department(department)}{years[0]}年度{rest}"
    return (_clean_department(department), int(years[0]), kind), title


def read_metadata(
    doc: SourceDocument, given: GivenMetadata | None = None, notes: list[str] | None = None
) -> DocumentMeta:
    """Find the title among the first lines and the dates and unit anywhere.

    Department, year and kind come from the title, else the tables (headers, titles), else the file name;
    a value the user gave (``given``) fills what none of these says, and replaces what they say when
    ``given.override``. A given value the document contradicts is kept out and noted in ``notes``.
    """
    texts = [line.text for line in doc.lines]
    parsed = title = None
    for text in texts[:15]:
        parsed = parse_title(text) if not _NOT_A_TITLE.search(squash(clean_cell(text))) else None
        if parsed:
            title = squash(clean_cell(text.lstrip("# ")))
            break
    if parsed is None or title is None:
        parsed, title = split_title(texts)
    if parsed is not None and title is not None:
        read = [(parsed[0], "title"), (parsed[1], "title"), (parsed[2], "title")]
    else:
        title, read = None, _from_tables(doc)
    department, year, kind = _with_given(read, given or GivenMetadata(), notes if notes is not None else [])
    if department is None or year is None or kind is None:
        missing = [w for w, v in (("department", department), ("year", year), ("预算/决算", kind)) if v is None]
        raise InputError(
            f"no title naming the department, the year and 预算/决算 was found, and the {', '.join(missing)} "
            "could not be read from the tables or the file name",
            where=doc.path,
            hint="give them: budgetkg ingest --department NAME --year 2025 --kind budget|final-accounts",
        )
    department_name, fiscal_year = department[0], year[0]
    if title is None:  # a tables-only attachment: named after what was read (a printed title is kept as printed)
        title = f"{department_name}{fiscal_year}年度部门{'决算' if kind[0] == DocumentKind.FINAL_ACCOUNTS else '预算'}"
    units = Counter(t.unit for t in doc.tables if t.unit)
    for text in texts:
        if m := _UNIT.search(squash(text)):
            units[m.group(1)] += 1
    reporting_unit = units.most_common(1)[0][0] if units else None
    return DocumentMeta(
        department=department_name,
        fiscal_year=fiscal_year,
        kind=DocumentKind(kind[0]),
        title=title,
        reporting_unit=reporting_unit,
        approval_date=_date_after("批复时间", texts[:40]),
        publication_date=_date_after("公开时间", texts[:40]),
        date_labels=date_labels(texts[:40]),
        department_source=department[1],
        year_source=year[1],
        kind_source=kind[1],
    )


Found = tuple[object, str] | None  # a value and where it was read


def _with_given(read: list[Found], given: GivenMetadata, notes: list[str]) -> list[Found]:
    """Department, year and kind: what the document says, what the user gave where it says nothing or
    only the file name does (the user knows the file better than its name), or always with ``override``."""
    out: list[Found] = []
    for what, found, value in zip(
        ("department", "year", "kind"), read, (given.department, given.fiscal_year, given.kind), strict=True
    ):
        if value is None or (found is not None and found[0] == value):
            out.append(found)
        elif found is None or found[1] == "file name" or given.override:
            out.append((value, "given"))
        else:
            notes.append(
                f"the {what} given ({value}) differs from the document's {found[1]} ({found[0]}): kept the "
                "document's; use --override to replace it"
            )
            out.append(found)
    return out


_HEADER_DEPT = re.compile(
    r"^(?:部门|部门名称|单位名称|编制部门|编制单位|预算主管部门|主管部门)[:：](.+?)(?:单位[:：](?:万元|元|亿元))?$"
)
_TABLE_KIND = re.compile(r"(预算|决算)(?:总)?表")
_FILE_YEAR = re.compile(r"(20\d{2})(?:年度|年|度)?")
_FILE_KIND = re.compile(r"(预算|决算)")
_KINDS = {"预算": DocumentKind.BUDGET, "决算": DocumentKind.FINAL_ACCOUNTS}


def _from_tables(doc: SourceDocument) -> list[Found]:
    """A tables-only attachment: the department from its tables' headers (部门：… / 单位名称：…, the most
    common), the kind from its table titles (…预算表 / …决算表), else the file name, and the year from the
    table titles, else the file name; None for what none of them says."""
    names = Counter(
        _clean_department(m.group(1)) for line in doc.lines if (m := _HEADER_DEPT.match(squash(clean_cell(line.text))))
    )
    names.pop("", None)
    department = (names.most_common(1)[0][0], "table header") if names else None
    stem = squash(Path(doc.path).stem)
    kinds = Counter(m.group(1) for t in doc.tables if (m := _TABLE_KIND.search(squash(t.title or ""))))
    if kinds:
        kind: Found = (_KINDS[kinds.most_common(1)[0][0]], "table title")
    elif m := _FILE_KIND.search(stem):
        kind = (_KINDS[m.group(1)], "file name")
    else:
        kind = None
    years = Counter(int(m.group(1)) for t in doc.tables for m in [_YEAR.search(squash(t.title or ""))] if m)
    if years:
        year: Found = (years.most_common(1)[0][0], "table title")
    elif m := _FILE_YEAR.search(stem):
        year = (int(m.group(1)), "file name")
    else:
        year = None
    return [department, year, kind]


_GIVEN_KINDS = {"budget": DocumentKind.BUDGET, "final-accounts": DocumentKind.FINAL_ACCOUNTS}


def given_metadata(
    year: int | str | None = None,
    department: str | None = None,
    kind: str | None = None,
    override: bool = False,
    ocr: bool = False,
) -> GivenMetadata | None:
    """The user's department, year and kind, checked (InputError says which value is wrong and what is
    accepted); None when nothing was given."""
    fiscal_year = None
    if year is not None:
        text = str(year).strip()
        if not re.fullmatch(r"(19|20)\d{2}", text):
            raise InputError(f"--year {year!r} is not a 4-digit year", hint="give the fiscal year, e.g. --year 2018")
        fiscal_year = int(text)
    name = None
    if department is not None:
        name = squash(department)
        if len(name) < 2:
            raise InputError(
                f"--department {department!r} names no department", hint="e.g. --department 江苏省政协办公厅"
            )
    document_kind = None
    if kind is not None:
        document_kind = _GIVEN_KINDS.get(kind.strip().lower())
        if document_kind is None:
            raise InputError(
                f"--kind {kind!r} is not a kind of disclosure", hint="give budget (预算) or final-accounts (决算)"
            )
    if fiscal_year is None and name is None and document_kind is None and not ocr:
        if override:
            raise InputError("--override without a value to override", hint="add --year, --department or --kind")
        return None
    return GivenMetadata(department=name, fiscal_year=fiscal_year, kind=document_kind, override=override, ocr=ocr)
