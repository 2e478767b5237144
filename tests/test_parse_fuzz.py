"""Fuzz the parser on mutated reports: it never raises and never takes long.

Mutations cut, repeat, splice and corrupt real layouts (so the inputs stay close to what the
parser is built for, where the interesting failures are), plus random sequences of the form's own
labels and numbers. Every input must give a ParsedReport (or an error object) within 2 s of CPU
(a work budget: tests/work_budget.py).
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo.render import render
from demo.values import generate
from parsers import parse_document
from parsers.form import all_cells
from tests.work_budget import cpu_seconds

LAYOUTS = ("html_table", "html_word_gbk", "html_split", "text_lines", "text_tsv", "markdown", "pdftotext_layout")
LIMIT_S = 2.0


@cache
def _docs() -> list[tuple[bytes, str]]:
    out = []
    for i, layout in enumerate(LAYOUTS):
        r = render(generate(900 + i, "2021" if i % 2 else "2019"), layout)
        out.append((r.data, r.content_type))
    return out


def _parse_quickly(data: bytes, content_type: str | None) -> None:
    report, cpu = cpu_seconds(parse_document, data, source="fuzz", content_type=content_type)
    assert cpu < LIMIT_S, f"{cpu:.2f} s of CPU"
    out = report.to_json()
    assert "error" in out or isinstance(out["cells"], dict)
    for value in out.get("cells", {}).values():
        assert value is None or isinstance(value, int | float)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    data, ctype = draw(st.sampled_from(_docs()))
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not buf:
            break
        op = draw(st.sampled_from(["cut", "repeat", "flip", "insert", "truncate", "nest"]))
        i = draw(st.integers(0, len(buf) - 1))
        j = min(len(buf), i + draw(st.integers(1, 4000)))
        if op == "cut":
            del buf[i:j]
        elif op == "repeat":
            buf[i:i] = buf[i:j] * draw(st.integers(2, 20))
        elif op == "flip":
            buf[i] = draw(st.integers(0, 255))
        elif op == "insert":
            buf[i:i] = draw(st.binary(min_size=1, max_size=64))
        elif op == "truncate":
            del buf[i:]
        else:
            depth = draw(st.integers(10, 3000))
            buf[i:i] = b"<div><table><tr><td>" * depth
    return bytes(buf), ctype


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_reports_never_crash_or_hang(doc: tuple[bytes, str]) -> None:
    _parse_quickly(*doc)


_WORDS = sorted({c.row_label for c in all_cells()} | {c.col_label for c in all_cells()} | {
    "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
    "第二十条第（一）项", "信息内容", "申请人情况", "—", "无", "/", "五、存在的主要问题及改进情况"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.integers(-5, 500).map(str)), min_size=1, max_size=400),
       st.sampled_from(["\n", "\t", " | ", "  "]))
def test_random_form_words_never_crash_or_hang(tokens: list[str], sep: str) -> None:
    text = "某局2023年政府信息公开工作年度报告\n" + "\n".join(
        sep.join(tokens[i:i + 9]) for i in range(0, len(tokens), 9))
    _parse_quickly(text.encode(), "text/plain")
    html = "<html><body><table>" + "".join(
        "<tr>" + "".join(f"<td>{t}</td>" for t in tokens[i:i + 9]) + "</tr>" for i in range(0, len(tokens), 9))
    _parse_quickly((html + "</table></body></html>").encode(), "text/html")
