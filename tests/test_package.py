"""Publishing as data people cite: the snapshot's data package, changelog, licenses, citation and zip,
the downloads page, CSV that Excel opens, and the readability of Datasette's own pages.

The snapshot is made by `make publish`'s code on the publishing fixture archive; datapackage.json is
validated against the published Frictionless JSON Schemas (tests/files/frictionless) with jsonschema.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
import yaml
from datasette.app import Datasette

from crawler.publish import snapshot
from crawler.publish.metadata import build_metadata
from crawler.publish.package import ZIP_NAME
from crawler.publish.plugin import absolute_archive_links, zh_label
from tests.publish_fixture import build_archive

SCHEMAS = Path(__file__).parent / "files" / "frictionless"
PINGTAN = "平潭综合实验区"


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    """Two snapshots of one archive: the second after a report changed and one was added."""
    root = tmp_path_factory.mktemp("package")
    archive = build_archive(root)
    out = root / "snapshots"
    first = snapshot.publish(archive.db, out, "2026-01-31")
    con = sqlite3.connect(archive.db)
    with con:
        con.execute("update reports set sha256 = 'f' || substr(sha256, 2) where id = ?", [f"{PINGTAN}:2024"])
        con.execute("delete from reports where id = ?", ["杭州市民政局:2020"])
    con.close()
    second = snapshot.publish(archive.db, out, "2026-02-28", base_url="https://nianbao.example.org")
    return {"archive": archive, "first": first, "second": second}


def validator(name: str) -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def test_datapackage_is_a_valid_frictionless_data_package(snapshots):
    folder = snapshots["first"]
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    errors = sorted(validator("data-package.json").iter_errors(package), key=str)
    assert not errors, errors[:3]
    tabular = [r for r in package["resources"] if r.get("profile") == "tabular-data-resource"]
    check = validator("tabular-data-resource.json")
    for res in tabular:
        assert not list(check.iter_errors(res)), res["name"]
    assert {r["path"] for r in tabular} == {f"csv/{p.name}" for p in (folder / "csv").glob("*.csv")}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for res in package["resources"]:  # every resource's size and hash are the file's
        path = folder / res["path"]
        assert res["bytes"] == path.stat().st_size
        assert res["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    reports = next(r for r in tabular if r["name"] == "reports")
    with (folder / reports["path"]).open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert [fld["name"] for fld in reports["schema"]["fields"]] == header
    types = {fld["name"]: fld["type"] for fld in reports["schema"]["fields"]}
    assert types["year"] == "integer" and types["title"] == "string"
    assert "报告所属年度" in next(f for f in reports["schema"]["fields"] if f["name"] == "year")["description"]
    assert any(r["format"] == "sqlite" for r in package["resources"])


def test_changelog_lists_reports_new_changed_and_gone_since_the_previous_snapshot(snapshots):
    first = list(csv.DictReader(io.StringIO((snapshots["first"] / "changes.csv").read_text(encoding="utf-8-sig"))))
    assert {r["change"] for r in first} == {"new"} and len(first) == len(snapshots["archive"].reports)
    second = list(csv.DictReader(io.StringIO((snapshots["second"] / "changes.csv").read_text(encoding="utf-8-sig"))))
    assert {(r["change"], r["report_id"]) for r in second} == {("changed", f"{PINGTAN}:2024"),
                                                               ("gone", "杭州市民政局:2020")}
    md = (snapshots["second"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "2026-01-31" in md and f"{PINGTAN}:2024" in md and "0 new, 1 changed, 1 gone" in md


def test_licenses_citation_zip_and_checksums(snapshots):
    folder = snapshots["second"]
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (folder / "DATA-LICENSE.md").read_text(encoding="utf-8")
    cff = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["version"] == "2026-02-28"
    assert cff["license"] == "CC-BY-4.0" and cff["authors"] and "政府信息公开" in cff["title"]
    with zipfile.ZipFile(folder / ZIP_NAME) as z:
        names = set(z.namelist())
        assert {f"csv/{p.name}" for p in (folder / "csv").glob("*.csv")} <= names
        assert {"datapackage.json", "CITATION.cff", "LICENSE", "DATA-LICENSE.md"} <= names
        assert z.read("csv/reports.csv") == (folder / "csv" / "reports.csv").read_bytes()
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    for name in (ZIP_NAME, "datapackage.json", "CITATION.cff", "CHANGELOG.md", "LICENSE"):
        assert sums[name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_archived_copy_links_in_the_csvs_are_absolute_with_a_base_url(snapshots):
    text = (snapshots["second"] / "csv" / "report_summary.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(r["archived_copy"] == "https://nianbao.example.org/-/archive/" + r["report_id"] for r in rows)
    first = (snapshots["first"] / "csv" / "report_summary.csv").read_text(encoding="utf-8-sig")
    assert "/-/archive/" in first  # no base URL given: left as the site's own path


# -- served -------------------------------------------------------------------------------------------
def serve(db: Path, warc_dir: Path | None = None, immutable: bool = False) -> Datasette:
    kwargs = {"immutables": [str(db)]} if immutable else {"files": [str(db)]}
    return Datasette(**kwargs, metadata=build_metadata(db.stem, warc_dir=warc_dir),
                     settings={"suggest_facets": False, "allow_download": True})


def get(ds: Datasette, *paths: str) -> list:
    async def go():
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(go())


def test_downloads_of_a_served_snapshot(snapshots):
    folder = snapshots["second"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    db = folder / manifest["database"]
    ds = serve(db, immutable=True)
    page, numbers, zipped, sums, evil, missing = get(
        ds, "/-/downloads", "/-/downloads/numbers", f"/-/downloads/{ZIP_NAME}", "/-/downloads/SHA256SUMS",
        "/-/downloads/..%2Fmanifest.json", "/-/downloads/nope.txt")
    assert page.status_code == 200
    for name in (ZIP_NAME, "SHA256SUMS", "datapackage.json", "CITATION.cff", db.name):
        assert f'href="/-/downloads/{name}"' in page.text
    assert numbers.content == db.read_bytes()
    assert numbers.headers["content-disposition"] == f'attachment; filename="{db.name}"'
    assert zipped.content == (folder / ZIP_NAME).read_bytes()
    assert sums.text == (folder / "SHA256SUMS").read_text()
    assert evil.status_code == 404 and missing.status_code == 404
    home = get(ds, "/")[0].text
    for href in ("/-/downloads/numbers", "/-/downloads/text", f"/-/downloads/{ZIP_NAME}", "/-/downloads/SHA256SUMS"):
        assert f'href="{href}"' in home


def test_a_live_archive_offers_no_downloads(snapshots):
    ds = serve(snapshots["archive"].db)
    page, numbers = get(ds, "/-/downloads", "/-/downloads/numbers")
    assert page.status_code == 200 and "make publish" in page.text
    assert numbers.status_code == 404


def test_csv_from_the_web_opens_in_excel(snapshots):
    ds = serve(snapshots["archive"].db, snapshots["archive"].warc_dir)
    plain, download, query = get(
        ds, "/archive/reports.csv?_size=max", "/archive/report_summary.csv?_dl=1&_size=max",
        "/archive/rules_broken.csv?rule=")
    for r in (plain, download, query):
        assert r.status_code == 200
        assert r.content.startswith(b"\xef\xbb\xbf") and not r.content.startswith(b"\xef\xbb\xbf" * 2)
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert any(r["agency"] == PINGTAN for r in rows)
    assert all(r["archived_copy"] == "http://localhost/-/archive/" + r["report_id"] for r in rows)
    assert absolute_archive_links(b"/-/archive/a:1,x,/-/archive/b\r\n", "https://h") == \
        b"https://h/-/archive/a:1,x,https://h/-/archive/b\r\n"


def test_readable_pages(snapshots):
    meta = build_metadata("archive")
    assert all(q["hide_sql"] for q in meta["databases"]["archive"]["queries"].values())
    dash = meta["plugins"]["datasette-dashboards"]["overview"]
    for name, chart in dash["charts"].items():  # the province filter applies to every chart
        assert "[[" in chart["query"] and ":province" in chart["query"], name
        enc = chart.get("display", {}).get("encoding", {})
        for name_, axis in enc.items():
            if name_ in ("x", "y") and axis.get("type") == "quantitative" and axis.get("stack") != "normalize":
                assert axis["axis"]["format"] == "d" and axis["axis"]["tickMinStep"] == 1, name
    assert "新收 + 上年结转" in dash["charts"]["rules-broken"]["query"]
    assert zh_label("报告标识：机关标识:年份 · Report id, agency id:year") == "报告标识"
    assert zh_label("一、本年新收政府信息公开申请数量 · 自然人 — requests: new requests · natural persons") == \
        "一、本年新收政府信息公开申请数量 · 自然人"
    ds = serve(snapshots["archive"].db, snapshots["archive"].warc_dir)
    checks, summary, query = get(ds, "/archive/checks", "/archive/report_summary",
                                 "/archive/rules_broken?rule=apply_balance")
    assert "新收 + 上年结转 = 办理结果总计 + 结转下年" in checks.text
    assert '"report_id": "报告"' in summary.text  # header labels for the page's script
    rid = f"{PINGTAN}:2024"
    assert f'href="/-/report/{quote(rid, safe=":")}"' in summary.text
    assert f'href="/-/agency/{quote(PINGTAN, safe="")}"' in summary.text
    assert query.status_code == 200 and re.search(r"<textarea[^>]*>\s*select", query.text) is None
