"""收支总表-style tables: pairs of (item, amounts) columns for income and for expenditure."""

from __future__ import annotations

from budgetkg.ingest.enums import Flow, Scheme
from budgetkg.ingest.model import Context, Extraction, Observation, SourceRef, SourceTable, TableReadError
from budgetkg.ingest.normalise import is_total_label, normalise_label, parse_amount, printed_decimals, to_yuan
from budgetkg.ingest.tables.coded import measure_and_phase
from budgetkg.ingest.tables.headers import header_stacks, split_header


def _flow(stack: list[str], fallback: Flow) -> Flow:
    """The side a column's headings name; 功能分类 / 功能科目 (the functional classification, which classifies
    expenditure only) names the expenditure side where the 收入 | 支出 heading row is not part of the grid."""
    text = "".join(stack)
    if "支出" in text and "收入" not in text:
        return Flow.EXPENDITURE
    if "收入" in text and "支出" not in text:
        return Flow.INCOME
    if "功能分类" in text or "功能科目" in text:
        return Flow.EXPENDITURE
    return fallback


def _sections(stacks: list[list[str]], default_flow: Flow) -> list[tuple[int, Flow, list[tuple[int, str]]]]:
    """(item column, flow, [(amount column, heading)]) for each side of the table."""
    item_cols = [
        j
        for j, s in enumerate(stacks)
        if s and ("项目" in s[-1] or s[-1] in {"收入", "支出"} or (s[-1].endswith("名称") and "编码" not in s[-1]))
    ]
    if not item_cols:
        item_cols = [0]
    sections = []
    for n, c in enumerate(item_cols):
        end = item_cols[n + 1] if n + 1 < len(item_cols) else len(stacks)
        flow = _flow(stacks[c], Flow.INCOME if n == 0 and len(item_cols) > 1 else default_flow)
        amounts = [(j, stacks[j][-1] if stacks[j] else "") for j in range(c + 1, end)]
        sections.append((c, flow, amounts))
    return sections


def function_names(out: Extraction) -> dict[str, str]:
    """Normalised names of the 类-level function codes already read from this document."""
    return {name: code for (scheme, code), name in out.codes.items() if scheme == Scheme.FUNCTION and len(code) == 3}


def extract_summary_table(table: SourceTable, ctx: Context, out: Extraction, default_flow: Flow = Flow.INCOME) -> int:
    header, data = split_header(table)
    width = max((len(r.cells) for r in table.rows), default=0)
    if width == 0:
        raise TableReadError("the table has no cells")
    sections = _sections(header_stacks(header, width), default_flow)
    names = function_names(out)
    added = 0
    for index, row in enumerate(data, start=1):
        cells = row.cells + [""] * width
        totals: dict[Flow, str] = {}  # flow -> total label printed across this row's sections (merged cell)
        for item_col, flow, amounts in sections:
            label = normalise_label(cells[item_col])
            if label and (is_total_label(label) or label.endswith("小计")):
                totals[flow] = label
            if not label:
                label = totals.get(flow, "")
            if not label:
                continue
            code = names.get(label) if flow == Flow.EXPENDITURE else None
            for j, heading in amounts:
                amount = parse_amount(cells[j])
                if amount is None:
                    continue
                measure, phase, year = measure_and_phase(heading, ctx)
                out.observations.append(
                    Observation(
                        table=ctx.table_number,
                        measure=measure,
                        phase=phase,
                        fiscal_year=year,
                        amount=to_yuan(amount, ctx.unit),
                        decimals=printed_decimals(amount),
                        code=code,
                        scheme=Scheme.FUNCTION if code else None,
                        item=label,
                        flow=flow,
                        source=SourceRef(
                            line=row.line,
                            page=row.page,
                            row=index,
                            text=row.raw,
                            bbox=row.bboxes[j] if row.bboxes and j < len(row.bboxes) else None,
                        ),
                    )
                )
                added += 1
    return added
