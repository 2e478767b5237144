"""Determinism and idempotence of discovery as properties (issue 15, session 10).

The same web, its directory pages' links in another order and its sites answering in another
order (:mod:`tests.discover_chaos`), must give the same sources file, entry for entry; a second run
into that file must leave it byte for byte as it was. ``python -m tests.discover_determinism`` runs
every fixture web on more seeds.
"""

from __future__ import annotations

import socket

from tests.discover_chaos import shuffle_markup
from tests.discover_determinism import Web, free_port, run_seed


def test_the_shuffle_permutes_one_link_siblings_and_keeps_headings_placeholders_and_panels() -> None:
    page = ("<html><body><h3>部门网站</h3><ul><li><a href='http://a.gov.cn/'>甲</a></li><li><a href='http://b.gov.cn/'>乙</a>"
            "</li><li><a href='http://c.gov.cn/'>丙</a></li><li><a href='http://d.gov.cn/'>丁</a></li></ul>"
            "<select><option value='0'>县区政府</option><option value='31'>戊</option><option value='32'>己</option>"
            "<option value='33'>庚</option></select><div class='tab'><li>省直</li><li>市县</li></div>"
            "<div class='bd'><div><a href='http://e.gov.cn/'>E</a><a href='http://f.gov.cn/'>F</a></div>"
            "<div><a href='http://g.gov.cn/'>G</a><a href='http://h.gov.cn/'>H</a></div></div></body></html>")
    orders = set()
    for seed in range(6):
        out = shuffle_markup(page, seed)
        assert out.index("部门网站") < out.index("甲") and out.index("县区政府") < out.index("戊")
        assert out.index("省直") < out.index("市县") < out.index("E") and max(out.index("E"), out.index("F")) < min(
            out.index("G"), out.index("H"))  # panels keep their order: tabs pair with them by it
        orders.add(tuple(sorted("甲乙丙丁", key=out.index)))
    assert len(orders) > 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_web_gives_the_same_file_whatever_its_link_order_and_answer_timing(tmp_path) -> None:
    """The 青海-style web (tabs, selects, script-written footer, JSON list, folders, a stale domain,
    dead sites): two seeds of shuffled links and delayed answers and the web as built give the same
    entries; a second run into each file changes nothing."""
    from demo.qh_govweb import qh_tree

    dead = _closed_port()
    web = Web("qh", lambda: qh_tree(dead)[0], "www.qh-x.gov.cn", "swj.haidong-x.gov.cn=127.0.0.1")
    port = free_port()
    runs = {seed: run_seed(web, seed, tmp_path / f"seed{seed}.yaml", port, again=seed is not None)
            for seed in (None, 3, 4)}
    base, _ = runs[None]
    assert len(base) == 20, base  # 16 agencies on hosts of their own, 2 in folders, 2 dead
    for seed, (got, stable) in runs.items():
        assert got == base, (seed, sorted(set(got) ^ set(base)))
        assert stable, f"seed {seed}: a second run changed the file"
