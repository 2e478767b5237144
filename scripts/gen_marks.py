"""Generate reports that print zeros as marks and carry planted arithmetic errors (not a test: slow).

    PYTHONPATH=. .venv/bin/python scripts/gen_marks.py OUT [--seed N] [--n N]
    PYTHONPATH=. .venv/bin/python scripts/score_sets.py OUT -v --by-format

Why: the checks' F1 depends on every reader carrying a printed zero mark (-, —, /, 无, 0, an
empty cell) into a blank cell, never into an unread one, so a rule with such a cell is checked
and a real error is flagged on every scope it breaks (its row *and* its column). scripts/gen_layouts.py
varies table shapes with one zero mark a document and no errors; here each zero cell draws its
own mark from the document's set, half the documents carry one planted error (``failed`` lists
every (rule, scope) the printed numbers break, recomputed here from the form's four rules), and
the renderings are the text shapes where marks and rows come apart:

- ``nextline``: each row's label on one line, its values on the next (space- or tab-separated);
- ``cells``: one cell a line as Writer/Word save a table as text (an empty cell a line with a space);
- ``wrapped``: space-aligned rows folded at a fixed width (a row's last values on a line of their own);
- ``html`` (merged cells, marks and empty ``<td>``), ``docx`` and ``xlsx`` (marks stored as text).

Numbers and grids come from scripts/gen_layouts.py (the form's rows and accounting rules); the
marks, errors and text shapes are this file's.
"""

from __future__ import annotations

import argparse
import html
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_layouts as G  # noqa: E402

MARK = "\x00zero"  # what gen_layouts prints for a zero; replaced cell by cell with a drawn mark
MARK_SETS = [["-"], ["—"], ["/"], ["无"], ["-", "0"], ["—", "/", "无"], ["-", "—", "0", "无"]]
ERRORS = ["row_total", "cell_off", "review_total", "carried_off", None, None, None, None]
FORMATS = ["nextline", "nextline_tabs", "cells", "wrapped", "html", "docx", "xlsx"]


def failing(c: dict, form: str) -> list[list[str]]:
    """The (rule, scope) pairs the printed numbers break: the spec's four rules, a mark being 0."""
    rows = G.result_rows(form)
    out = []
    for col in [*G.COLS, "total"]:
        a = {r: c[f"apply/{r}/{col}"] for r in ["1", "2", *rows, "3.7", "4"]}
        if a["1"] + a["2"] != a["3.7"] + a["4"]:
            out.append(["apply_balance", col])
        if sum(a[r] for r in rows) != a["3.7"]:
            out.append(["apply_results_total", col])
    for r in ["1", "2", *rows, "3.7", "4"]:
        if sum(c[f"apply/{r}/{col}"] for col in G.COLS) != c[f"apply/{r}/total"]:
            out.append(["apply_row_total", r])
    for r in ("review", "litigation_direct", "litigation_after_review"):
        if sum(c[f"review/{r}/{k}"] for k in ("upheld", "corrected", "other", "pending")) != c[f"review/{r}/total"]:
            out.append(["review_total", r])
    return out


def plant(c: dict, form: str, kind: str | None, rng: random.Random) -> str | None:
    """Put one arithmetic error into the printed numbers; the cell changed (None: no error)."""
    if kind is None:
        return None
    d = rng.choice([1, 2, 3, 5, 9, 10])
    if kind == "row_total":
        cid = f"apply/{rng.choice(['1', '3.1', '3.7', *G.result_rows(form)[2:6]])}/total"
    elif kind == "cell_off":
        cid = f"apply/{rng.choice(G.result_rows(form))}/{rng.choice(G.COLS)}"
    elif kind == "review_total":
        cid = f"review/{rng.choice(['review', 'litigation_direct', 'litigation_after_review'])}/total"
    else:
        cid = f"apply/2/{rng.choice(G.COLS)}"
    c[cid] += d
    return cid


def _marks(grid: list[list[dict]], marks: list[str], rng: random.Random, allow_empty: bool) -> None:
    for row in grid:
        for cell in row:
            if cell["t"] == MARK:
                cell["t"] = rng.choice(marks + ([""] if allow_empty and rng.random() < 0.3 else []))


def _rows(tables: list[tuple[str, list[list[list[dict]]]]]) -> list[tuple[str, list[list[dict | None]]]]:
    return [(head, G.expand(g)) for head, grids in tables for g in grids]


def _split(row: list[dict | None]) -> tuple[list[str], list[str]]:
    """A grid row as (label texts, value texts): values are the cells holding a form cell or a mark."""
    labels, values = [], []
    for c in row:
        if c is None:
            continue
        (values if c["v"] else labels).append(c["t"])
    return labels, values


def render_nextline(tables, sep: str) -> str:
    out = []
    for head, grid in _rows(tables):
        out.append(head)
        for row in grid:
            labels, values = _split(row)
            if labels:
                out.append("".join(labels) if values else "  ".join(labels))
            if values:
                out.append(sep.join(values))
        out.append("")
    return "\n".join(out)


def render_cells(tables) -> str:
    out = []
    for head, grid in _rows(tables):
        out.append(head)
        for row in grid:
            out += [(c["t"] or " ") for c in row if c is not None]
        out.append("")
    return "\n".join(out)


def render_wrapped(tables, width: int) -> str:
    out = []
    for head, grid in _rows(tables):
        out.append(head)
        for row in grid:
            labels, values = _split(row)
            line = "".join(labels) + ("    " + "    ".join(v.rjust(4) for v in values) if values else "")
            while G.width(line) > width:
                used, cut = 0, 0
                for i, ch in enumerate(line):
                    used += G.width(ch)
                    if used > width:
                        break
                    cut = i + 1
                space = line.rfind(" ", 0, cut)
                cut = space if space > width // 3 else cut
                out.append(line[:cut].rstrip())
                line = "        " + line[cut:].strip()
            out.append(line)
        out.append("")
    return "\n".join(out)


def make(rng: random.Random, fmt_name: str, form: str) -> tuple[str | bytes, str, dict, list, dict]:
    c = G.numbers(form, rng, rng.choice([0.15, 0.4, 0.7]))
    error = rng.choice(ERRORS)
    changed = plant(c, form, error, rng)
    q = G.Q(header=rng.choice(["three", "two", "flat"]), org_order=list(G.ORGS), mark=rng.choice([".", "、"]),
            zero_mark=MARK)
    marks = rng.choice(MARK_SETS)
    tables = [("二、主动公开政府信息情况", [G.active_grid(form, c, q)]),
              ("三、收到和处理政府信息公开申请情况", G.apply_grid(form, c, q)),
              ("四、政府信息公开行政复议、行政诉讼情况", [G.review_grid(c, q)])]
    empty_ok = fmt_name in ("html", "docx", "xlsx", "cells")
    for _, grids in tables:
        for g in grids:
            _marks(g, marks, rng, empty_ok)
    place = rng.choice(G.PLACES)
    agency = place + rng.choice(G.AGENCIES)
    year = rng.choice([2019, 2020]) if form == "2019" else rng.choice([2021, 2022, 2023, 2024])
    title = f"{agency}{year}年政府信息公开工作年度报告"
    intro = [f"本报告由{agency}编制。", "一、总体情况", f"{year}年，本机关依法做好政府信息公开工作。"]
    outro = ["五、存在的主要问题及改进情况", "下一步将进一步加强培训。", "六、其他需要报告的事项", "无。", agency,
             f"{year + 1}年1月18日"]
    meta = {"marks": marks, "error": error, "changed": changed}
    if fmt_name == "html":
        body = "".join(f"<p>{html.escape(p)}</p>" for p in intro) + G.render_html(tables, q) + "".join(
            f"<p>{html.escape(p)}</p>" for p in outro)
        doc = f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
        return doc, ".html", c, failing(c, form), meta
    if fmt_name == "docx":
        return G.render_docx(tables, title, intro, outro), ".docx", c, failing(c, form), meta
    if fmt_name == "xlsx":
        return G.render_xlsx(tables, title), ".xlsx", c, failing(c, form), meta
    if fmt_name.startswith("nextline"):
        body = render_nextline(tables, "\t" if fmt_name.endswith("tabs") else "  ")
    elif fmt_name == "cells":
        body = render_cells(tables)
    else:
        meta["width"] = rng.choice([60, 72, 84])
        body = render_wrapped(tables, meta["width"])
    return "\n".join([title, "", *intro, body, *outro]), ".txt", c, failing(c, form), meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1408)
    ap.add_argument("--n", type=int, default=3, help="documents per format and form version")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    G.fresh_output(args.out)
    reports = []
    for fmt_name in FORMATS:
        for form in ("2021", "2019"):
            for k in range(args.n):
                doc, ext, cells, failed, meta = make(rng, fmt_name, form)
                name = f"docs/{fmt_name}_{form}_{k}{ext}"
                G.write_document(args.out, name, doc)
                zero = [cid for cid, v in cells.items() if v == 0 and not cid.startswith("active/")]
                want = {cid: v for cid, v in cells.items() if cid not in zero}
                reports.append({"file": name, "format": fmt_name, "form": form, "cells": want, "zero_marks": zero,
                                "failed": failed, "quirks": [f"marks={meta['marks']}", f"error={meta['error']}",
                                                             f"changed={meta['changed']}"]})
    G.write_expected(args.out, reports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
