"""The report page ``/-/report/<report id>`` and the agency page ``/-/agency/<agency id>``.

Datasette routes (registered by :mod:`crawler.publish.plugin`) rendered with Datasette's own page
frame (``base.html``), so they look like the rest of the archive. The ids may come raw
(``/-/report/泉州市科学技术局:2024``) or percent-encoded, as browsers send them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from datasette.utils import tilde_encode
from datasette.utils.asgi import AsgiFileDownload, Response
from markupsafe import escape

from ..feeds import FEED_PATH
from . import downloads
from .chart import line_chart
from .report_data import load_agency, load_report
from .words import NOTE_KINDS

TEMPLATES = Path(__file__).with_name("templates")
REPORT_PATH = "/-/report/"
AGENCY_PATH = "/-/agency/"
ARCHIVE_PATH = "/-/archive/"
MARKS = {"failed": "✗", "inferred": "推", "ocr": "识", "unread": "?"}
assert set(NOTE_KINDS) <= set(MARKS)


def report_href(datasette: Any, report_id: str) -> str:
    return datasette.urls.path(REPORT_PATH + quote(report_id, safe=":"))


def agency_href(datasette: Any, agency_id: str) -> str:
    return datasette.urls.path(AGENCY_PATH + quote(agency_id, safe=""))


def archive_href(datasette: Any, key: str) -> str:
    return datasette.urls.path(ARCHIVE_PATH + quote(key, safe=""))


def add_templates(datasette: Any) -> None:
    """Put this package's templates on Datasette's search path: after any ``--template-dir`` and the
    other plugins' templates, before Datasette's own (our ``_table.html`` replaces its row loop)."""
    import datasette as datasette_package

    own = str(Path(datasette_package.__file__).parent / "templates")
    loader = datasette.jinja_env.loader
    for sub in getattr(loader, "loaders", [loader]):
        paths = getattr(sub, "searchpath", None)
        if isinstance(paths, list):
            if str(TEMPLATES) not in paths:
                paths.insert(paths.index(own) if own in paths else len(paths), str(TEMPLATES))
            return
    raise RuntimeError("Datasette's template loader has no search path to extend")


def _executor(datasette: Any, db_name: str):
    db = datasette.get_database(db_name)

    async def execute(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(r) for r in (await db.execute(sql, params)).rows]

    return execute


async def report_page(request: Any, datasette: Any, db_name: str) -> Response:
    report_id = unquote(request.url_vars["key"])
    await datasette.ensure_permissions(request.actor, [("view-database", db_name), "view-instance"])
    data = await load_report(_executor(datasette, db_name), report_id)
    if data is None:
        return Response.html(f"<p>档案中没有这份报告 · No report {escape(report_id)} in the archive</p>", status=404)
    r = data["report"]
    for y in data["years"]:
        y["href"] = report_href(datasette, y["id"])
    for v in data["versions"]:
        v["archived_href"] = archive_href(datasette, v["sha256"])
    context = {
        **data,
        "database": db_name,
        "marks": MARKS,
        "agency_href": agency_href(datasette, r["agency_id"]),
        "archived_href": archive_href(datasette, r["id"]),
        "feed_href": datasette.urls.path(FEED_PATH),
        "row_href": datasette.urls.row(db_name, "reports", tilde_encode(str(r["rid"]))),
        "json_href": datasette.urls.row(db_name, "reports", tilde_encode(str(r["rid"]))) + ".json",
    }
    html = await datasette.render_template("report.html", context, request=request, view_name="nianbao-report")
    return Response.html(html)


async def agency_page(request: Any, datasette: Any, db_name: str) -> Response:
    agency_id = unquote(request.url_vars["key"])
    await datasette.ensure_permissions(request.actor, [("view-database", db_name), "view-instance"])
    data = await load_agency(_executor(datasette, db_name), agency_id)
    if data is None:
        return Response.html(f"<p>档案中没有这个机关 · No agency {escape(agency_id)} in the archive</p>", status=404)
    for r in data["reports"]:
        r["href"] = report_href(datasette, r["id"])
        r["archived_href"] = archive_href(datasette, r["id"])
    context = {**data, "database": db_name, "chart": line_chart(data["series"])}
    html = await datasette.render_template("agency.html", context, request=request, view_name="nianbao-agency")
    return Response.html(html)


async def downloads_page(request: Any, datasette: Any, db_name: str) -> Response:
    await datasette.ensure_permissions(request.actor, [("view-database-download", db_name), "view-instance"])
    ctx = downloads.context(datasette.get_database(db_name).path)
    html = await datasette.render_template("downloads.html", {**ctx, "database": db_name}, request=request,
                                           view_name="nianbao-downloads")
    return Response.html(html)


async def download_file(request: Any, datasette: Any, db_name: str) -> Any:
    name = unquote(request.url_vars["name"])
    await datasette.ensure_permissions(request.actor, [("view-database-download", db_name), "view-instance"])
    found = downloads.find(datasette.get_database(db_name).path, name)
    if found is None:
        return Response.html(f"<p>没有这个文件 · No download called {escape(name)} "
                             f'(<a href="{datasette.urls.path("/-/downloads")}">downloads</a>)</p>', status=404)
    return AsgiFileDownload(found.path, filename=found.path.name, content_type=downloads.content_type(found.name))
