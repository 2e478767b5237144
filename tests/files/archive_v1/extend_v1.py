"""Add, with the v1 Store of commit 2e19e08, a republished version and a previous year to a demo crawl."""
import json
import sys

from crawler.crosschecks import run_cross_checks
from crawler.db import Store

db = sys.argv[1]
s = Store(db, run_id="fixture-extend")
r = dict(s.db["reports"].get("泉州市科学技术局:2024"))
cells = {c["cell_id"]: c["value"] for c in s.db.query("select cell_id, value from cells where report_id = ?", [r["id"]])}
inferred = json.loads(r["inferred"] or "[]")
checks = [dict(c) for c in s.db.query("select rule, scope, ok, detail from checks where report_id = ?", [r["id"]])]
old = dict(cells)
# The portal republishes the report with one number corrected: a new current version.
cells["apply/1/natural_person"] = (cells["apply/1/natural_person"] or 0) + 3
cells["apply/1/total"] = (cells["apply/1/total"] or 0) + 3
report = {k: r[k] for k in ("id", "agency_id", "year", "title", "url", "document_url", "published_date",
                             "form_version", "list_title", "site", "content_type")}
report["sha256"] = "f" * 64
report["warnings"] = ["republished with a correction"]
print(s.store_report(report, cells, inferred, checks, r["text"] + "（更正）"))
# The year before, published on the same portal: carryover checks across 2023-2024.
prev = dict(report, id="泉州市科学技术局:2023", year=2023, title=r["title"].replace("2024", "2023"),
            url=r["url"].replace(".html", "-2023.html"), document_url=r["document_url"].replace(".html", "-2023.html"),
            published_date="2024-01-20", sha256="e" * 64, warnings=[])
pcells = dict(old)
pcells["apply/4/natural_person"] = old.get("apply/2/natural_person")
pcells["apply/4/enterprise"] = (old.get("apply/2/enterprise") or 0) + 1  # one carry-over mismatch
print(s.store_report(prev, pcells, [], [], "泉州市科学技术局2023年政府信息公开工作年度报告 示例正文 行政复议"))
print(run_cross_checks(s.db))
s.close()
