"""The 发文字号 parser: bracket and spacing variants, glued words, titles, title-only citations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetkg.ingest.normalise import normalise_title
from budgetkg.ingest.policy.docnumber import canonical, find_citations, parse_number
from budgetkg.ingest.policy.issuers import resolve_issuer

BRACKETS = [("〔", "〕"), ("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("【", "】")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("内政发〔2015〕103号", "内政发〔2015〕103号"),
        ("（内政发〔2015〕103 号）", "内政发〔2015〕103号"),
        ("包府发[2013]41号", "包府发〔2013〕41号"),
        ("依据包人社办字[2024]63号关于做好2024年全市职称评审工作的通知", "包人社办字〔2024〕63号"),
        ("沪商规（2024）2号", "沪商规〔2024〕2号"),
        ("普投\n资规范（2023）1号", "普投资规范〔2023〕1号"),
        ("按照 包 就 字 〔 2020 〕 14 号", "包就字〔2020〕14号"),
        ("最高人民法院法释〔2012〕10号", "最高人民法院法释〔2012〕10号"),
    ],
)
def test_spellings_resolve_to_the_canonical_number(text: str, expected: str) -> None:
    assert canonical(text) == expected


@pytest.mark.parametrize(
    "text", ["2025 年通知暂未发布", "〔2024〕63号", "2024年12月", "《干部教育培训工作条例（试行）》"]
)
def test_no_number(text: str) -> None:
    assert parse_number(text) is None


@given(
    open_close=st.sampled_from(BRACKETS),
    spaces=st.lists(st.sampled_from(["", " ", "  ", "\u3000"]), min_size=5, max_size=5),
    prefix=st.sampled_from(["国发", "内政发", "包人社办字", "沪商规", "苏财预", "包府办发"]),
    year=st.integers(1990, 2039),
    serial=st.integers(1, 9999),
    lead=st.sampled_from(["", "依据", "根据", "按照", "（", "、"]),
)
def test_bracket_and_spacing_variants(open_close, spaces, prefix, year, serial, lead) -> None:
    o, c = open_close
    s = spaces
    text = f"{lead}{prefix}{s[0]}{o}{s[1]}{year}{s[2]}{c}{s[3]}{serial}{s[4]}号"
    number = parse_number(text)
    assert number is not None
    assert (number.prefix, number.year, number.serial) == (prefix, year, serial)
    assert number.canonical == f"{prefix}〔{year}〕{serial}号"


def test_title_before_and_after_the_number() -> None:
    before = find_citations(
        "根据《国务院关于加快推进政务服务标准化规范化便利化的指导意见》(国发〔2022〕5号)、"
        "《内蒙古自治区人民政府关于加快推进政务服务标准化规范化便利化的实施意见》"
        "(内政发〔2022〕20号)"
    )
    assert [(c.ref.key, c.ref.title) for c in before] == [
        ("国发〔2022〕5号", "国务院关于加快推进政务服务标准化规范化便利化的指导意见"),
        ("内政发〔2022〕20号", "内蒙古自治区人民政府关于加快推进政务服务标准化规范化便利化的实施意见"),
    ]
    after = find_citations("见沪商规【2024】2号《上海市跨国公司地区总部发展资金管理办法》")
    assert [(c.ref.key, c.ref.title) for c in after] == [
        ("沪商规〔2024〕2号", "上海市跨国公司地区总部发展资金管理办法")
    ]


def test_title_only_citation_and_nested_title_marks() -> None:
    cites = find_citations(
        "根据《干部教育培训工作条例（试行）》《内蒙古自治区事业单位工作人员培训实施细则》和"
        "《包头市事业单位管理人员培训办法（试行）》（包人发〔2013〕44号）等文件规定。"
    )
    assert [c.ref.key for c in cites] == [
        "title:干部教育培训工作条例（试行）",  # the canonical (full-width) brackets
        "title:内蒙古自治区事业单位工作人员培训实施细则",
        "包人发〔2013〕44号",
    ]
    assert cites[2].ref.title == "包头市事业单位管理人员培训办法（试行）"
    assert normalise_title("关于印发<手册>的通知") == normalise_title("关于印发〈手册〉的通知")


def test_bare_title_after_glued_number() -> None:
    (c,) = find_citations("依据包人社办字[2024]63号关于做好2024年全市职称评审工作的通知，进行中级评审")
    assert c.ref.title == "关于做好2024年全市职称评审工作的通知"


def test_issuers_only_where_justified() -> None:
    assert resolve_issuer("国发").level == "central"
    assert resolve_issuer("内政发").name == "内蒙古自治区人民政府"
    assert resolve_issuer("包府发").level == "municipal"
    for unknown in ("包人发", "包就字", "包人社办字", "室发", "沪商规", "包发"):
        assert resolve_issuer(unknown) is None
