"""Close-of-run checks: a nightly crawl must say loudly when something broke.

A crawl that "finished" can still have failed where it matters: a portal was redesigned and the
spider no longer finds its reports, a site started timing out, a WAF started answering with
challenges, the WARC disk filled up. Scrapy calls all of those a finished crawl. These checks run in
:class:`crawler.extensions.CrawlRunExtension` when the spider closes; each failed check is a
:class:`Problem`, the list and a readable summary go into ``crawl_runs`` (columns ``problems`` and
``summary``), the summary is logged and printed, and ``nianbao crawl`` exits with
:data:`CHECKS_FAILED_EXIT`.

The checks, per site (the start URL's host):

- ``no_reports``: the archive holds reports from the site, and this run saw none of them (neither
  new, nor unchanged, nor a 304);
- ``error_rate``: errors recorded for the site / requests made to it is over
  ``NIANBAO_MAX_ERROR_RATE`` (default 0.2), counted only from ``NIANBAO_MIN_REQUESTS_FOR_RATE``
  requests (default 1) so one failed page out of two does not page anyone unless asked. A site
  that gave reports this run is not failing for its dead links (HTTP 404 / 410, soft 404s): real
  portals link pages long gone, and one portal's dead links must not turn a good night's run of
  many sites into a failed one. They stay in ``errors`` and in the summary's reasons; counted
  they are when the site gave no report (then the site is what broke), and in ``dead_links``
  below when they are most of what the site was asked for;
- ``dead_links``: a site that gave reports, yet over half of its requests (from
  ``NIANBAO_MIN_REQUESTS_FOR_RATE``) were dead links: a site that moved its files, or links the
  crawler built wrong;
- ``blocked``: the site answered with a bot challenge (it may have had reports: we cannot tell);

- ``page_budget``: the site's page budget (``NIANBAO_MAX_PAGES_PER_SITE``) was spent and links
  were left unfollowed: "400 pages, 0 reports" must not read as "this site has no reports";

and for the whole run: ``error_rate`` over all requests, ``archive_errors`` (a response that could
not be written to the WARC: the archive is the one thing that must not silently fail), and the
partial states that used to pass quietly:

- ``dropped_urls``: links dropped for a URL over ``URLLENGTH_LIMIT``;
- ``out_of_scope``: requests refused by the site's scope (a redirect to another host or to a
  private address: a report may have moved, or a portal may be probing us);
- ``short_bodies``: responses shorter than their Content-Length (not stored as documents);
- ``warc_torn``: a WARC file a killed crawl left open with a torn tail, cut back at this start;
- ``unfinished_runs``: earlier runs that never wrote ``finished_at`` (killed, crashed, power cut).

Each of these also has its ``errors`` rows, with the URL and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

CHECKS_FAILED_EXIT = 3  # `nianbao crawl`: finished, but a close-of-run check failed
DEFAULT_MAX_ERROR_RATE = 0.2
DEFAULT_MIN_REQUESTS_FOR_RATE = 1


@dataclass(frozen=True)
class Problem:
    """One failed check: which, where (a site, or None for the whole run), and the numbers."""

    check: str
    site: str | None
    detail: str

    def line(self) -> str:
        return f"{self.check}: {self.site + ': ' if self.site else ''}{self.detail}"


@dataclass
class SiteRun:
    """What one site gave this run: requests (responses and failures), reports seen, errors, blocks."""

    site: str
    requests: int = 0
    reports: int = 0
    errors: int = 0
    blocked: int = 0
    archived_reports: int = 0  # reports from this site in the archive before this run
    over_budget: int = 0  # requests not made because the page budget was spent
    budget: int = 0  # the page budget (NIANBAO_MAX_PAGES_PER_SITE)
    dead_links: int = 0  # of ``errors``: HTTP 404 / 410 and soft 404s (:data:`DEAD_LINK_SQL`)

    @property
    def failures(self) -> int:
        """The errors that say the site is failing: all of them when it gave no report this run,
        else those that are not dead links."""
        return self.errors - (self.dead_links if self.reports else 0)


# An errors row for a link that leads nowhere: the page or file is gone (not a failing site)
DEAD_LINK_SQL = "(reason like 'HTTP 404%' or reason like 'HTTP 410%' or reason like 'soft 404%')"
DEAD_LINKS_MAX_SHARE = 0.5


def check_sites(sites: Iterable[SiteRun], *, max_error_rate: float = DEFAULT_MAX_ERROR_RATE,
                min_requests: int = DEFAULT_MIN_REQUESTS_FOR_RATE) -> list[Problem]:
    """The per-site checks (see the module docstring), in site order."""
    problems: list[Problem] = []
    for s in sites:
        if s.blocked:
            problems.append(Problem("blocked", s.site, f"answered with a bot challenge {s.blocked} time(s)"))
        elif s.archived_reports and not s.reports:
            problems.append(Problem("no_reports", s.site,
                                    f"the archive holds {s.archived_reports} report(s) from this site, "
                                    f"this run found none ({s.requests} requests, {s.errors} errors)"))
        if s.over_budget:
            problems.append(Problem("page_budget", s.site, budget_detail(s)))
        if s.requests < max(1, min_requests):
            continue
        if s.failures / s.requests > max_error_rate:
            dead = f", not counting {s.errors - s.failures} dead link(s)" if s.errors > s.failures else ""
            problems.append(Problem("error_rate", s.site,
                                    f"{s.failures} errors in {s.requests} requests{dead} "
                                    f"({s.failures / s.requests:.0%} > {max_error_rate:.0%})"))
        elif s.reports and s.dead_links / s.requests > DEAD_LINKS_MAX_SHARE:
            problems.append(Problem("dead_links", s.site,
                                    f"{s.dead_links} of {s.requests} requests were dead links (HTTP 404 / 410) "
                                    f"({s.dead_links / s.requests:.0%} > {DEAD_LINKS_MAX_SHARE:.0%})"))
    return problems


def budget_detail(s: SiteRun) -> str:
    return (f"the page budget of {s.budget} pages was spent and {s.over_budget} more link(s) were not "
            f"followed ({s.reports} reports found); raise NIANBAO_MAX_PAGES_PER_SITE to crawl the rest")


def check_run(*, requests: int, errors: int, archive_errors: int,
              max_error_rate: float = DEFAULT_MAX_ERROR_RATE, dropped_urls: int = 0, out_of_scope: int = 0,
              short_bodies: int = 0, warc_torn: Iterable[str] = (), unfinished_runs: Iterable[str] = ()
              ) -> list[Problem]:
    """The whole-run checks: the error rate, WARC write failures and the partial states."""
    problems = []
    if requests and errors / requests > max_error_rate:
        problems.append(Problem("error_rate", None, f"{errors} errors in {requests} requests "
                                                    f"({errors / requests:.0%} > {max_error_rate:.0%})"))
    if archive_errors:
        problems.append(Problem("archive_errors", None,
                                f"{archive_errors} response(s) could not be written to the WARC archive"))
    if dropped_urls:
        problems.append(Problem("dropped_urls", None, f"{dropped_urls} link(s) dropped: URL over URLLENGTH_LIMIT"))
    if out_of_scope:
        problems.append(Problem("out_of_scope", None,
                                f"{out_of_scope} request(s) refused as out of their site's scope (another host, "
                                "or a private, loopback or link-local address): see errors"))
    if short_bodies:
        problems.append(Problem("short_bodies", None,
                                f"{short_bodies} response(s) shorter than their Content-Length (not stored)"))
    problems += [Problem("warc_torn", None, line) for line in warc_torn]
    problems += [Problem("unfinished_runs", None, line) for line in unfinished_runs]
    return problems


MAX_SITES_NAMED = 10  # sites named in the summary's "gave no report" line; the rest are counted


def summarize(problems: list[Problem], stats: Mapping[str, Any], reasons: Mapping[str, int] | None = None,
              without_reports: list[str] | None = None) -> str:
    """The text stored in ``crawl_runs.summary`` and printed at the end of the run.

    ``without_reports``: sites that gave no report this run and never did (no check fails for them:
    a new agency may have published none yet), named so a first crawl of a portal the crawler cannot
    read does not end in a bare "ok"."""
    head = (f"{stats.get('pages', 0)} pages, {stats.get('reports_found', 0)} reports "
            f"({stats.get('reports_new', 0)} new, {stats.get('reports_changed', 0)} changed), "
            f"{stats.get('errors', 0)} errors, {stats.get('blocked_sites', 0)} blocked sites")
    if stats.get("unanswered"):
        head += f", {stats['unanswered']} entries unanswered at discovery (not crawled)"
    lines = [f"{len(problems)} check(s) failed: {head}" if problems else f"ok: {head}"]
    lines += [f"  - {p.line()}" for p in problems]
    if problems and reasons:
        lines.append("  errors by reason: " + ", ".join(f"{r} ×{n}" for r, n in reasons.items()))
    if without_reports:
        named = ", ".join(without_reports[:MAX_SITES_NAMED])
        more = f" and {len(without_reports) - MAX_SITES_NAMED} more" if len(without_reports) > MAX_SITES_NAMED else ""
        lines.append(f"  {len(without_reports)} site(s) gave no report (none archived before): {named}{more}")
    return "\n".join(lines)


def without_reports(sites: Iterable[SiteRun]) -> list[str]:
    """Sites asked this run that gave no report and never gave one (blocked ones are said apart)."""
    return [s.site for s in sites if s.requests and not s.reports and not s.archived_reports and not s.blocked]


def problems_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False)


def site_runs(store: Any, spider: Any) -> list[SiteRun]:
    """Per-site numbers of this run: counters from the spider, errors and history from the archive.

    ``spider`` needs ``starts`` ([(url, source)]) and the Counters ``pages``, ``reports``, ``blocked``
    (the ``reports`` spider has them); any other spider gives no per-site checks.
    """
    from urllib.parse import urlsplit

    starts = getattr(spider, "starts", None)
    if not starts or not hasattr(spider, "reports"):
        return []
    sites = list(dict.fromkeys(urlsplit(u if "://" in u else "http://" + u).netloc for u, _ in starts))
    errors = dict(store.db.execute("select site, count(*) from errors where run_id = ? and stage != 'unanswered' "
                                   "group by site",
                                   [store.run_id]).fetchall())
    dead = dict(store.db.execute(f"select site, count(*) from errors where run_id = ? and {DEAD_LINK_SQL} "
                                 "group by site", [store.run_id]).fetchall())
    archived = dict(store.db.execute(
        "select site, count(*) from reports where site is not null group by site").fetchall())
    over = getattr(spider, "over_budget", None) or {}
    budget = getattr(spider, "max_pages", 0)
    return [SiteRun(site, requests=spider.pages[site], reports=spider.reports[site], errors=errors.get(site, 0),
                    blocked=spider.blocked[site], archived_reports=archived.get(site, 0),
                    over_budget=over.get(site, 0), budget=budget, dead_links=dead.get(site, 0)) for site in sites]


def unfinished_runs(store: Any, *, alive: Any = None) -> list[str]:
    """Earlier runs with no ``finished_at`` (not this one, nor one still running here): one line each.

    Each is marked (``finish_reason``) so the next run does not report it again. ``alive(host, pid)``
    tells a run still going on this machine (default: its pid exists).
    """
    import os
    import socket

    def running(host: str | None, pid: int | None) -> bool:
        if host != socket.gethostname() or not pid or pid == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    alive = alive or running
    rows = store.db.execute(
        "select id, started_at, host, pid from crawl_runs where finished_at is null and finish_reason is null "
        "and id != ? order by started_at", [store.run_id]).fetchall()
    out = []
    for run_id, started, host, pid in rows:
        if alive(host, pid):
            continue
        out.append(f"run {run_id} (started {started}, pid {pid} on {host}) never finished: killed or crashed "
                   "(what it archived is kept; what it missed is fetched by a run like this one)")
        with store.db.conn:
            store.db.execute("update crawl_runs set finish_reason = ? where id = ?",
                             [f"unfinished: no finished_at (reported by run {store.run_id})", run_id])
    return out


def error_reasons(store: Any, limit: int = 12) -> dict[str, int]:
    """This run's errors grouped by reason (its first 60 characters), most frequent first."""
    rows = store.db.execute(
        "select substr(reason, 1, 60) as r, count(*) as n from errors where run_id = ? "
        "group by r order by n desc, r limit ?", [store.run_id, limit]).fetchall()
    return {r: n for r, n in rows}
