"""Findings of a rule whose input the extraction flagged are not claimed as Violations.

When the ledger judges a rule *incomplete* on a document (a table it reads is named by an extraction
warning: shifted columns, a lost project-name row …), a difference it finds may come from the misreading,
not from the printed page. Such a Violation is reported as a Warning that says why it is unconfirmed;
Warnings and Info stay as they are. Both engines go through here, so they agree.
"""

from __future__ import annotations

from dataclasses import replace

from budgetkg.shapes.kinds import Severity
from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.report import Finding, Outcome

UNCONFIRMED = "unconfirmed"  # the key in Finding.extra (and the JSON report's "extra") that holds the reason


def unconfirmed(findings: list[Finding], verdicts: dict[str, Applicability]) -> list[Finding]:
    """``findings`` with each Violation of an incomplete rule turned into a Warning carrying the reason."""
    out = []
    for f in findings:
        verdict, reason = verdicts.get(f.document or "", {}).get(f.rule, (None, ""))
        if verdict is Outcome.INCOMPLETE and f.severity == Severity.VIOLATION:
            f = replace(
                f,
                severity=Severity.WARNING,
                message_zh=f"{f.message_zh}（未确认：{reason}）",
                message_en=f"{f.message_en} (unconfirmed: {reason})",
                extra=tuple(sorted(f.extra + ((UNCONFIRMED, reason),))),
            )
        out.append(f)
    return out
