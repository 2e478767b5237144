"""Expected values of the bundled real reports, written by reading their tables (not the parser).

``form()`` turns a compact per-row description into every cell id of a form version; ``N`` is a
cell the report leaves blank (null).
"""

from __future__ import annotations

from parsers.form import APPLY_COLS, REVIEW_COLS, REVIEW_ROWS, apply_rows, cell_ids

N = None
Z = [0] * 7


def col(v: int, total: int | None = None) -> list[int]:
    """A row with ``v`` in 自然人 and the total, zeros elsewhere (the common shape)."""
    return [v, 0, 0, 0, 0, 0, v if total is None else total]


ACTIVE_COLS = {
    "2021": {"regulation": ("issued", "repealed", "in_force"), "normative_doc": ("issued", "repealed", "in_force"),
             "license": ("decisions",), "penalty": ("decisions",), "coercion": ("decisions",), "fee": ("fee_amount",)},
    "2019": {"regulation": ("new_made", "new_published", "total_published"),
             "normative_doc": ("new_made", "new_published", "total_published"),
             "license": ("prev_items", "change", "decisions"), "other_service": ("prev_items", "change", "decisions"),
             "penalty": ("prev_items", "change", "decisions"), "coercion": ("prev_items", "change", "decisions"),
             "fee": ("prev_items", "change"), "procurement": ("procurement_items", "procurement_amount")},
}


def form(version: str, active: dict, apply: dict, review: list) -> dict:
    """Every cell of ``version``: rows of ``apply`` not given are all zero."""
    cells: dict = {}
    for row, cols in ACTIVE_COLS[version].items():
        values = active.get(row, [N] * len(cols))
        assert len(values) == len(cols), row
        cells.update({f"active/{row}/{c}": v for c, v in zip(cols, values, strict=True)})
    for row in apply_rows(version):
        values = apply.get(row, Z)
        assert len(values) == 7, row
        cells.update({f"apply/{row}/{c}": v for c, v in zip(APPLY_COLS, values, strict=True)})
    assert len(review) == 15
    for i, row in enumerate(REVIEW_ROWS):
        cells.update({f"review/{row}/{c}": review[i * 5 + j] for j, c in enumerate(REVIEW_COLS)})
    assert set(cells) == set(cell_ids(version))
    return cells


def rows_ids(*rows: str) -> set[str]:
    return {f"apply/{r}/{c}" for r in rows for c in APPLY_COLS}


SEEDS = {
    "000_dbc1789ac8ca73bf.txt": dict(
        title="泉州市科学技术局2024年政府信息公开工作年度报告", agency="泉州市科学技术局", year=2024,
        published_date="2025-01-26", form_version="2021",
        # the 规章 row is left out of table 二; (七)总计 and 四、结转 print six numbers for seven columns
        cells=form("2021", {"normative_doc": [1, 0, 10], "license": [0], "penalty": [0], "coercion": [0], "fee": [0]},
                   {"1": col(2), "3.1": col(1), "3.4.1": col(1), "3.7": col(2)}, [0] * 15),
        inferred=rows_ids("3.7", "4")),
    "001_c72821a3dfd52d3e.txt": dict(
        title="灵武市科学技术局2024年政府信息公开工作年度报告", agency="灵武市科学技术局", year=2024,
        published_date=None, form_version="2021",
        cells=form("2021", {"regulation": [0, 0, 0], "normative_doc": [1, 0, 1], "license": [0], "penalty": [0],
                            "coercion": [0], "fee": [0]}, {}, [0] * 15),
        inferred=set()),
    "002_8a0b9e9e20871801.txt": dict(
        title="平顶山市科学技术局2023年政府信息公开工作年度报告", agency="平顶山市科学技术局", year=2023,
        published_date=None, form_version="2021",
        cells=form("2021", {"regulation": [0, 0, 0], "normative_doc": [0, 0, 0], "license": [0], "penalty": [0],
                            "coercion": [0], "fee": [0]}, {}, [0] * 15),
        inferred=set()),
    "004_af9e41ea1b030f3f.txt": dict(
        title="洛江区科学技术局2020年政府信息公开工作年度报告", agency="洛江区科学技术局", year=2020,
        published_date="2021-01-05", form_version="2019",
        cells=form("2019", {"regulation": [0, 0, 0], "normative_doc": [0, 0, 2], "license": [0, 0, 0],
                            "other_service": [15, 0, 0], "penalty": [0, 0, 0], "coercion": [0, 0, 0], "fee": [0, 0],
                            "procurement": [0, 0]}, {}, [0] * 15),
        # rows printed with six numbers for seven columns (the text lost a cell); all zero by the rules
        inferred=rows_ids("3.1", "3.2", *(f"3.3.{i}" for i in range(1, 9)), "3.4.1", "3.4.2")),
}

_PT = "平潭综合实验区"
REALDOCS = {
    "pingtan_2019.html": dict(
        title=f"{_PT}2019年度政府信息公开工作年度报告", agency=_PT, year=2019, published_date="2020-01-20",
        form_version="2019", failed=set(),
        cells=form("2019", {"regulation": [0, 0, 0], "normative_doc": [89, 89, 89], "license": [396, 0, 181],
                            "other_service": [10, 0, 153], "penalty": [2648, 0, 430], "coercion": [126, 0, 25],
                            "fee": [35, 0], "procurement": [135, 75394432.52]},
                   {"1": col(23), "3.1": col(7), "3.2": col(1), "3.4.1": col(7), "3.4.3": col(5), "3.5.2": col(3),
                    "3.7": col(23)}, [0] * 15)),
    "pingtan_2020.html": dict(
        title=f"{_PT}2020年度政府信息公开工作年度报告", agency=_PT, year=2020, published_date="2021-03-05",
        form_version="2019",
        # as published: the result rows add up to 26 (27 in total) while (七)总计 says 20 (21)
        failed={("apply_results_total", "natural_person"), ("apply_results_total", "total")},
        cells=form("2019", {"regulation": [0, 0, 7], "normative_doc": [77, 77, 166], "license": [396, 442, 278],
                            "other_service": [10, 7, 105], "penalty": [2648, -18, 538], "coercion": [126, 26, 29],
                            "fee": [35, -15], "procurement": [395, 73802895.90]},
                   {"1": [20, 0, 0, 0, 0, 1, 21], "3.1": [6, 0, 0, 0, 0, 1, 7], "3.2": col(6), "3.4.1": col(4),
                    "3.4.3": col(3), "3.5.2": col(3), "3.6": col(4), "3.7": [20, 0, 0, 0, 0, 1, 21]}, [0] * 15)),
    "pingtan_2022.html": dict(
        title=f"{_PT}2022年度政府信息公开工作年度报告", agency=_PT, year=2022, published_date="2023-02-20",
        form_version="2021", failed=set(),
        cells=form("2021", {"regulation": [0, 0, 0], "normative_doc": [88, 55, 698], "license": [10690],
                            "penalty": [2113], "coercion": [0], "fee": [9116.36]},
                   {"1": [71, 3, 0, 0, 0, 0, 74], "2": col(1), "3.1": col(21), "3.2": [8, 1, 0, 0, 0, 0, 9],
                    "3.3.5": col(1), "3.3.6": col(2), "3.3.7": col(1), "3.4.1": col(37), "3.6.1": col(2),
                    "3.6.3": [0, 2, 0, 0, 0, 0, 2], "3.7": [72, 3, 0, 0, 0, 0, 75]},
                   [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0])),
    "pingtan_2023.html": dict(
        title=f"{_PT}2023年度政府信息公开工作年度报告", agency=_PT, year=2023, published_date="2024-03-08",
        form_version="2021", failed=set(),
        cells=form("2021", {"regulation": [0, 0, 0], "normative_doc": [77, 132, 470], "license": [2629],
                            "penalty": [1330], "coercion": [54], "fee": [5949.088667]},
                   {"1": [80, 1, 0, 0, 0, 0, 81], "3.1": col(22), "3.2": [19, 1, 0, 0, 0, 0, 20], "3.3.4": col(1),
                    "3.3.6": col(1), "3.3.7": col(1), "3.3.8": col(2), "3.4.1": col(31), "3.5.2": col(1),
                    "3.6.1": col(1), "3.6.3": col(1), "3.7": [80, 1, 0, 0, 0, 0, 81]},
                   [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2])),
    "pingtan_2024.html": dict(
        title=f"{_PT}2024年度政府信息公开工作年度报告", agency=_PT, year=2024, published_date="2025-03-10",
        form_version="2021", failed=set(),
        cells=form("2021", {"regulation": [0, 0, 0], "normative_doc": [62, 33, 440], "license": [4529],
                            "penalty": [1100], "coercion": [65], "fee": [18651.06]},
                   {"1": [217, 1, 0, 0, 0, 0, 218], "3.1": col(71), "3.2": col(29), "3.3.1": col(4), "3.3.4": col(3),
                    "3.3.5": col(32), "3.4.1": col(75), "3.5.2": col(1), "3.6.1": col(1),
                    "3.6.3": [1, 1, 0, 0, 0, 0, 2], "3.7": [217, 1, 0, 0, 0, 0, 218]},
                   [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19])),
    "pingtan_2025.html": dict(
        title=f"{_PT}2025年度政府信息公开工作年度报告", agency=_PT, year=2025, published_date="2026-03-10",
        form_version="2021", failed=set(),
        cells=form("2021", {"regulation": [0, 0, 0], "normative_doc": [58, 45, 546], "license": [2418],
                            "penalty": [644], "coercion": [64], "fee": [4166.241619]},
                   {"1": [151, 3, 0, 0, 0, 0, 154], "3.1": col(33), "3.2": col(38), "3.3.5": col(3), "3.3.6": col(2),
                    "3.3.7": col(3), "3.3.8": col(3), "3.4.1": [49, 1, 0, 0, 0, 0, 50], "3.4.2": col(3),
                    "3.5.1": col(2), "3.6.1": col(8), "3.6.2": col(2), "3.6.3": col(1),
                    "3.7": [147, 1, 0, 0, 0, 0, 148], "4": [4, 2, 0, 0, 0, 0, 6]},
                   [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3])),
    "shanghai_office_2019.html": dict(
        title="2019年上海市人民政府办公厅政府信息公开工作年度报告", agency="上海市人民政府办公厅", year=2019,
        published_date="2020-01-31", form_version="2019", failed=set(),
        # blank cells stay null; the 总计 column is filled only for some rows
        cells=form("2019", {"regulation": [13, 13, 524], "normative_doc": [60, 60, 368], "license": [0, 0, 0],
                            "other_service": [0, 0, 0], "penalty": [0, 0, 0], "coercion": [0, 0, 0], "fee": [0, 0],
                            "procurement": [6, 251000]},
                   {"1": [821, 35, N, N, 2, 1, 859], "2": [18, N, N, N, N, N, 18], "3.1": [258, 12, N, N, 1, 1, N],
                    "3.2": [3, N, N, N, N, N, N], "3.3.1": [14, N, N, N, N, N, N], "3.3.2": [N] * 7,
                    "3.3.3": [N] * 7, "3.3.4": [N] * 7, "3.3.5": [5, N, N, N, N, N, N], "3.3.6": [3, 1, N, N, N, N, N],
                    "3.3.7": [N] * 7, "3.3.8": [10, 2, N, N, N, N, N], "3.4.1": [252, 12, N, N, 1, N, N],
                    "3.4.2": [44, 3, N, N, N, N, N], "3.4.3": [25, N, N, N, N, N, N], "3.5.1": [148, 1, N, N, N, N, N],
                    "3.5.2": [5, 4, N, N, N, N, N], "3.5.3": [N] * 7, "3.5.4": [N] * 7, "3.5.5": [N] * 7,
                    "3.6": [N] * 7, "3.7": [767, 35, N, N, 2, 1, 805], "4": [72, N, N, N, N, N, 72]},
                   [5, N, N, 2, 7, 8, N, N, 1, 9, N, N, N, N, N])),
}
