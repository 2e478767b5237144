"""A DNS resolver with fixed answers for some host names, like curl's ``--resolve``.

``-s NIANBAO_HOSTS=www.a.gov.cn=127.0.0.1,www.b.gov.cn=127.0.0.1`` sends those names to those
addresses and resolves every other name as Scrapy's default resolver does; ``*.x.gov.cn=127.0.0.1``
sends every name under x.gov.cn there (a tree of thousands of sites in one short setting). Used to point a crawl
at a copy of a site (a mirror, a test tree served on loopback) under its real host names, so the
Host header, the site's links and the domain rules stay as they are. Install it with
``-s TWISTED_DNS_RESOLVER=crawler.hosts.HostsResolver`` (``nianbao discover`` does by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer


def parse_hosts(value: str | None) -> dict[str, str]:
    """"name=ip,name=ip" → {name: ip} (names lower-cased)."""
    out: dict[str, str] = {}
    for pair in (value or "").replace(";", ",").split(","):
        name, sep, ip = pair.strip().partition("=")
        if sep and name.strip() and ip.strip():
            out[name.strip().lower()] = ip.strip()
    return out


def lookup(hosts: dict[str, str], name: str) -> str | None:
    """The fixed address of ``name``: its own entry, else the nearest ``*.suffix`` entry."""
    name = name.lower().rstrip(".")
    if name in hosts:
        return hosts[name]
    parts = name.split(".")
    for i in range(1, len(parts)):
        ip = hosts.get("*." + ".".join(parts[i:]))
        if ip is not None:
            return ip
    return None


class HostsResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, answering the names in ``NIANBAO_HOSTS`` itself."""

    hosts: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> HostsResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.hosts = parse_hosts(crawler.settings.get("NIANBAO_HOSTS"))
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802
        ip = lookup(self.hosts, name)
        if ip is not None:
            return defer.succeed(ip)
        return super().getHostByName(name, timeout)


def ascii_host(name: str) -> str:
    """A host name as chromium's resolver rules spell it (an internationalised name in punycode)."""
    try:
        return ".".join(part if part.isascii() else part.encode("idna").decode("ascii") for part in name.split("."))
    except UnicodeError:
        return name


def chromium_args(hosts: dict[str, str]) -> list[str]:
    """The chromium switch that resolves ``hosts`` as :class:`HostsResolver` does, so a page the
    browser renders reaches the same addresses as the crawler's own requests (none when empty)."""
    if not hosts:
        return []
    return ["--host-resolver-rules=" + ", ".join(f"MAP {ascii_host(name)} {ip}" for name, ip in hosts.items())]
