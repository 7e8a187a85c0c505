"""Synthetic projects for generated disclosures: narrative sections citing policy documents (in varied
发文字号 spellings) and a 项目绩效目标表 with indicators, plus their ground truth.

Project amounts split the document's 项目支出 total exactly, so the disclosure stays consistent.
"""

from __future__ import annotations

import random
from decimal import Decimal

from budgetkg.synth.model import SynthProject

PROJECT_NAMES = [
    "就业创业服务补助",
    "信息系统运行维护经费",
    "公开招聘专项经费",
    "专业技术资格评审经费",
    "社会化管理服务工作经费",
    "业务大厅运行费",
    "档案数字化加工经费",
    "宣传资料印刷经费",
    "技能人才评价工作经费",
    "人事考务事业费",
    "劳动能力鉴定业务经费",
    "监督检查工作经费",
]
POLICIES = [  # (issuer code, year, serial, title) of documents a project may cite
    ("国发", 2022, 5, "国务院关于加快推进政务服务标准化规范化便利化的指导意见"),
    ("内政发", 2015, 103, "内蒙古自治区人民政府关于进一步做好新形势下就业创业工作的实施意见"),
    ("内财社", 2023, 1598, "关于提前下达高校毕业生三支一扶计划自治区财政补助资金预算的通知"),
    ("包府发", 2013, 41, "包头市人民政府关于进一步加强社会保险核定稽查和扩面清欠工作的实施意见"),
    ("包府办发", 2024, 58, "包头市全面参保扩面工作实施方案"),
    ("苏财预", 2018, 13, "江苏省财政厅关于做好部门预算编制工作的通知"),
    ("财库", 2013, 189, "关于推进和完善服务项目政府采购有关问题的通知"),
]
BRACKETS = [("〔", "〕"), ("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("【", "】")]
# (level 1, level 2 as printed, normalised level 2, name, nature, comparator, target, unit); a numeric target
# is an int (printed as its digits), a qualitative one the text printed
INDICATORS = [
    ("产出指标", "数量指标", "数量指标", "服务人数", "正向", "大于等于", 500, "人"),
    ("产出指标", "数量指标", "数量指标", "维护系统个数", "正向", "等于", 4, "个"),
    ("产出指标", "质量指标", "质量指标", "验收合格率", "正向", "大于等于", 95, "%"),
    ("产出指标", "时效指标", "时效指标", "完成时间", "定性", "等于", "年底前", None),
    ("产出指标", "成本指标", "成本指标", "人均培训成本", "反向", "小于等于", 400, "元"),
    ("效益指标", "社会效益", "社会效益指标", "政策知晓度", "定性", None, "显著提升", None),
    ("效益指标", "可持续影响", "可持续影响指标", "服务水平持续性", "定性", None, "长期", None),
    ("满意度指标", "服务对象满意度", "服务对象满意度指标", "服务对象满意度", "正向", "大于等于", 90, "%"),
]


def _spelling(rng: random.Random, code: str, year: int, serial: int) -> str:
    left, right = rng.choice(BRACKETS)
    space = " " if rng.random() < 0.3 else ""
    return f"{code}{left}{year}{right}{serial}{space}号"


def make_projects(
    rng: random.Random, units: list[tuple[str, str, str]], total: int, many: bool = False
) -> list[SynthProject]:
    """Projects whose amounts add up to ``total`` (0.01 万元); none when there is no 项目支出."""
    if total <= 0:
        return []
    count = min(rng.randint(8, 12) if many else rng.randint(1, 4), max(1, total // 100), len(PROJECT_NAMES))
    cuts = sorted(rng.sample(range(1, total), k=count - 1)) if count > 1 else []
    amounts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    names = rng.sample(PROJECT_NAMES, k=count)
    projects = []
    for name, amount in zip(names, amounts):
        code, unit_name, _ = rng.choice(units)
        p = SynthProject(
            name,
            code,
            unit_name,
            rng.choice(["31-部门预算项目", "32-专项资金项目"]),
            amount,
            narrative=rng.random() < 0.6,
        )
        for policy in rng.sample(POLICIES, k=rng.randint(0, 2)):
            p.citations.append((*policy, _spelling(rng, policy[0], policy[1], policy[2])))
        chosen = rng.sample(INDICATORS, k=rng.randint(3, len(INDICATORS)))
        chosen.sort(key=lambda r: INDICATORS.index(r))
        p.indicators = [(*row, Decimal(rng.choice([5, 7, 8, 10]))) for row in chosen]
        projects.append(p)
    return projects


def citation_text(p: SynthProject) -> str:
    """The 立项依据 sentence: each cited document as 《title》（number）."""
    parts = [f"《{title}》（{printed}）" for _, _, _, title, printed in p.citations]
    return ("根据" + "、".join(parts) + "等文件规定，") if parts else "根据部门职责，"


def performance_rows(p: SynthProject, unit_text: str, amount: str) -> list[list[str]]:
    """Rows of the 项目绩效目标表 for one project (first row carries the project's columns)."""
    rows = []
    for n, (l1, l2, _, name, nature, comparator, target, unit, weight) in enumerate(p.indicators):
        goal = citation_text(p) + f"保障{p.name}顺利实施。"
        head = [p.name, unit_text, p.category, amount, goal] if n == 0 else [""] * 5
        rows.append(head + [l1, l2, name, nature, comparator or "", str(target), unit or "", str(weight)])
    return rows
