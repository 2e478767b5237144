"""The published archive in a real browser: Datasette started as `nianbao serve --public` serves it, and
headless Chromium (Debian's chromium + chromium-driver, driven by selenium) walks through what a user
does: the home page, a facet, a search in Chinese, a canned query, a report's archived copy, the
charts and the database download. Screenshots go to test-artifacts/browser/ (kept by CI).

Skips, saying why, when Chromium, its driver or selenium is missing (scripts/apt-packages-browser.txt
lists the Debian packages).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from crawler import serve_cmd
from tests.publish_fixture import build_archive

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NIANBAO_CHROMEDRIVER", "/usr/bin/chromedriver")
PINGTAN = "平潭综合实验区"


def _missing() -> str | None:
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            return f"{path} not found: apt-get install {pkg} (see scripts/apt-packages-browser.txt)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - 127.0.0.1 only
        return r.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`nianbao serve --public` on the fixture archive, on 127.0.0.1 and a free port."""
    root = tmp_path_factory.mktemp("browser")
    archive = build_archive(root)
    port = _free_port()
    cmd = serve_cmd.prepare_and_command(archive.db, port=port, public=True, warc_dir=archive.warc_dir,
                                        state_dir=root / "state")
    log = (root / "datasette.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(base + "/-/versions.json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("datasette did not start:\n" + (root / "datasette.log").read_text(errors="replace"))
            time.sleep(0.2)
    yield {"base": base, "archive": archive, "db": archive.db}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager reach for a download
    profile = tmp_path_factory.mktemp("chromium-profile")
    downloads = tmp_path_factory.mktemp("downloads")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN",
                 f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def table_rows(driver) -> list[list[str]]:
    from selenium.webdriver.common.by import By

    return [[td.text for td in tr.find_elements(By.CSS_SELECTOR, "td")]
            for tr in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")]


def column(driver, name: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, f"table.rows-and-columns td.col-{name}")]


def wait_for(predicate, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_home_page(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server["base"] + "/")
    assert "政府信息公开工作年度报告" in browser.title
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Archive of Chinese government annual reports" in body and "CC BY 4.0" in body
    assert browser.find_elements(By.CSS_SELECTOR, 'a[href="/archive"]')
    shot(browser, "01-home")


def test_facet_by_province(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server["base"] + "/archive/report_summary")
    facet = browser.find_element(By.CSS_SELECTOR, '.facet-info[data-column="province"]')
    link = next(a for a in facet.find_elements(By.TAG_NAME, "a") if a.text == "浙江省")
    link.click()
    wait_for(lambda: "province=" in browser.current_url)
    assert column(browser, "agency") == ["杭州市民政局"]
    assert column(browser, "province") == ["浙江省"]
    shot(browser, "02-facet-province")


def test_search_in_chinese(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server["base"] + "/archive_text/report_text")  # the texts are in their own database (archive v2)
    box = browser.find_element(By.CSS_SELECTOR, 'input[name="_search"]')
    box.send_keys("平潭")  # two characters: the trigram index alone would find nothing
    box.submit()
    wait_for(lambda: "search" in browser.current_url)
    titles = column(browser, "title")
    assert len(titles) == 6 and all(PINGTAN in t for t in titles)
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="_search"]').get_attribute("value") == "平潭"
    shot(browser, "03-search-two-characters")
    box = browser.find_element(By.CSS_SELECTOR, 'input[name="_search"]')
    box.clear()
    box.send_keys("上海市人民政府办公厅")
    box.submit()
    wait_for(lambda: len(column(browser, "title")) == 1)
    assert column(browser, "title") == ["2019年上海市人民政府办公厅政府信息公开工作年度报告"]
    shot(browser, "04-search-long")


def test_canned_query(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server["base"] + "/archive")
    browser.find_element(By.PARTIAL_LINK_TEXT, "跨年度结转不一致").click()
    wait_for(lambda: "carryover_mismatches" in browser.current_url)
    cells = server["archive"].reports
    c23, c24 = cells["泉州市科学技术局:2023"]["cells"], cells["泉州市科学技术局:2024"]["cells"]
    rows = [r for r in table_rows(browser) if r and r[0] == "泉州市科学技术局" and r[4] == "total"]
    assert rows, table_rows(browser)
    assert rows[0][5:8] == [str(c23["apply/4/total"]), str(c24["apply/2/total"]),
                            str(c24["apply/2/total"] - c23["apply/4/total"])]
    shot(browser, "05-canned-query-carryover")


def test_archived_copy_of_a_report(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server["base"] + f"/archive/report_summary?agency={quote(PINGTAN)}&year=2024")
    original = browser.find_element(By.CSS_SELECTOR, "td.col-url a").get_attribute("href")
    assert original == server["archive"].reports[f"{PINGTAN}:2024"]["url"]
    browser.find_element(By.LINK_TEXT, "存档副本 archived copy").click()
    wait_for(lambda: "/-/archive/" in browser.current_url)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert f"{PINGTAN}2024年度政府信息公开工作年度报告" in text and "218" in text
    assert browser.execute_script("return window.origin") == "null"  # CSP sandbox: an opaque origin
    shot(browser, "06-archived-copy")


def test_charts(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server["base"] + "/-/dashboards/overview")
    drawn = wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, ".vega-embed canvas, .vega-embed svg")) >= 4)
    assert drawn, browser.page_source[:2000]
    assert "各年度新收申请" in browser.find_element(By.TAG_NAME, "body").text
    shot(browser, "07-charts")


def test_database_download_and_public_settings(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server["base"] + "/archive")
    link = browser.find_element(By.CSS_SELECTOR, 'a[href$="/archive.db"]')
    shot(browser, "08-database-page")
    link.click()
    target = browser.downloads / "archive.db"
    assert wait_for(lambda: target.exists() and not list(browser.downloads.glob("*.crdownload")), 30)
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(server["db"].read_bytes()).digest()
    settings = json.loads(_get(server["base"] + "/-/settings.json"))
    assert settings["sql_time_limit_ms"] == 1000 and settings["allow_download"] is True
    assert "Disallow: /" in _get(server["base"] + "/robots.txt").decode()
    databases = json.loads(_get(server["base"] + "/-/databases.json"))
    assert [d["is_mutable"] for d in databases if d["name"] == "archive"] == [False]
    shutil.copy(target, ARTIFACTS / "downloaded-archive.db") if os.environ.get("NIANBAO_KEEP_DOWNLOAD") else None


# -- the walk of issue 9: home → search → report page → archived copy → agency page → download --------
@pytest.fixture(scope="module")
def snapshot_server(tmp_path_factory):
    """`nianbao serve --public` on a snapshot (`make publish`) of the fixture archive: what gets deployed."""
    from crawler.publish import snapshot

    root = tmp_path_factory.mktemp("browser-snapshot")
    archive = build_archive(root)
    folder = snapshot.publish(archive.db, root / "snapshots", "2026-01-31")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    db = folder / manifest["database"]
    port = _free_port()
    cmd = serve_cmd.prepare_and_command(db, port=port, public=True, warc_dir=archive.warc_dir,
                                        state_dir=root / "state")
    log = (root / "datasette.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(base + "/-/versions.json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("datasette did not start:\n" + (root / "datasette.log").read_text(errors="replace"))
            time.sleep(0.2)
    yield {"base": base, "archive": archive, "folder": folder}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _shown_numbers(driver) -> list[tuple[str, str]]:
    """(cell id, number as printed) of every value cell of the report page, top to bottom."""
    from selenium.webdriver.common.by import By

    return [(td.get_attribute("data-cell"), driver.execute_script(
        "return arguments[0].firstChild && arguments[0].firstChild.nodeType === 3 ? "
        "arguments[0].firstChild.textContent.trim() : ''", td))
        for td in driver.find_elements(By.CSS_SELECTOR, "table.nb-form td[data-cell]")]


def test_walk_home_search_report_archived_copy_agency_download(snapshot_server, browser):
    from selenium.webdriver.common.by import By

    from crawler.publish.pages.form_layout import layouts

    base, archive = snapshot_server["base"], snapshot_server["archive"]
    agency, rid = "上海市人民政府办公厅", "上海市人民政府办公厅:2019"
    expected = archive.reports[rid]

    # home: what the archive is, where to search, what to download
    browser.get(base + "/")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "下载 Downloads" in body and "SHA256SUMS" in body
    shot(browser, "10-walk-home")

    # search in Chinese, from the home page's link
    browser.find_element(By.PARTIAL_LINK_TEXT, "全文检索").click()
    box = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, 'input[name="_search"], input[name="q"]'))
    assert box, browser.page_source[:1000]
    box[0].clear()
    box[0].send_keys("人民政府办公厅")
    box[0].submit()
    result = wait_for(lambda: [a for a in browser.find_elements(By.CSS_SELECTOR, 'a[href*="/-/report/"]')
                               if a.text == rid])
    assert result, browser.find_element(By.TAG_NAME, "body").text[:2000]
    shot(browser, "11-walk-search")

    # the report page: the three tables with the report's numbers in form order
    result[0].click()
    wait_for(lambda: "/-/report/" in browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == expected["title"]
    tables = browser.find_elements(By.CSS_SELECTOR, "table.nb-form")
    assert [t.get_attribute("data-table") for t in tables] == ["active", "apply", "review"]
    assert tables[1].find_element(By.TAG_NAME, "caption").text.startswith("三、收到和处理政府信息公开申请情况")
    shown = _shown_numbers(browser)
    order = [c for t in layouts("2019") for c in t.cell_ids()]
    assert [c for c, _ in shown] == order

    def printed(v) -> str:
        return "" if v is None else str(int(v)) if float(v).is_integer() else str(v)

    assert [n for _, n in shown] == [printed(expected["cells"].get(c)) for c in order]
    assert dict(shown)["apply/1/total"] == "859" and dict(shown)["apply/1/natural_person"] == "821"
    shot(browser, "12-walk-report-page")
    browser.execute_script("window.scrollTo(0, document.querySelector('table.nb-form-apply').offsetTop)")
    shot(browser, "12b-walk-report-page-table3")

    # its archived copy: the portal's page with the archive's banner
    report_url = browser.current_url
    browser.find_element(By.CSS_SELECTOR, "a.nb-archived").click()
    wait_for(lambda: "/-/archive/" in browser.current_url)
    banner = browser.find_element(By.ID, "nianbao-archive-banner")
    assert "存档副本 archived copy" in banner.text and expected["url"] in banner.text
    assert "上海市人民政府办公厅" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.execute_script("return window.origin") == "null"  # CSP sandbox: an opaque origin
    shot(browser, "13-walk-archived-copy")

    # the agency page, from the report page
    browser.get(report_url)
    browser.find_element(By.CSS_SELECTOR, ".nb-meta a").click()
    wait_for(lambda: "/-/agency/" in browser.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == agency
    years = [tr.find_elements(By.TAG_NAME, "td")[0].text
             for tr in browser.find_elements(By.CSS_SELECTOR, "table.nb-agency-years tr") if
             tr.find_elements(By.TAG_NAME, "td")]
    assert years == ["2019"]
    assert browser.find_elements(By.CSS_SELECTOR, ".nb-chart svg circle")
    shot(browser, "14-walk-agency-page")

    # download the CSVs from the home page and check them against SHA256SUMS
    browser.get(base + "/")
    browser.find_element(By.PARTIAL_LINK_TEXT, "全部 CSV").click()
    target = browser.downloads / "nianbao-csv.zip"
    assert wait_for(lambda: target.exists() and not list(browser.downloads.glob("*.crdownload")), 30)
    sums = dict(reversed(line.split("  ", 1))
                for line in (snapshot_server["folder"] / "SHA256SUMS").read_text().splitlines())
    assert hashlib.sha256(target.read_bytes()).hexdigest() == sums["nianbao-csv.zip"]
    browser.get(base + "/-/downloads")
    assert "datapackage.json" in browser.find_element(By.TAG_NAME, "body").text
    shot(browser, "15-walk-downloads")
