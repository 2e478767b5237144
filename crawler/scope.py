"""A site's crawl scope: which hosts and which addresses a crawl may send requests to.

Like Heritrix's scope rules, decided per request and per redirect hop, never per link only: a
report link that answers ``302 Location: http://169.254.169.254/…`` must not make the crawler ask
the cloud metadata service, archive its answer and publish it.

A request is in the scope of its site (the start URL it was found from) when

1. its scheme is http or https;
2. its host is the start URL's host, or a sibling host of the same *registrable domain*
   (kj.quanzhou.gov.cn → quanzhou.gov.cn, so files.quanzhou.gov.cn is in; quanzhou.gov.cn's
   neighbour xm.gov.cn is not). The registrable domain comes from the Public Suffix List as
   tldextract bundles it (a snapshot: nothing is fetched, nothing cached on disk); an address or
   a single-label host (``localhost``) is its own domain;
3. its address is public, or in the same class as the start URL's own address: a start URL on
   127.0.0.1 (the demo, the tests) may be crawled; a name that resolves to loopback, link-local
   (169.254.0.0/16, the metadata service), private (10/8, 172.16/12, 192.168/16, fc00::/7),
   multicast or reserved ranges is refused when the start URL is public.

:class:`crawler.middlewares.ScopeMiddleware` applies it to every request the downloader is asked
for (redirect hops come back as new requests, so each hop is checked) and resolves the host first
with the crawl's own resolver (Scrapy caches the answer, so the connection then uses the address
that was checked).
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

SCHEMES = frozenset({"http", "https"})


@functools.cache
def _extractor():  # noqa: ANN202 - tldextract.TLDExtract, imported lazily
    import tldextract

    # The bundled snapshot only: no download of the list, no cache written under $HOME.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def url_target(url: str) -> tuple[str | None, str]:
    """(lower-case scheme, :func:`host_of`) of ``url``; scheme None when it is no URL at all."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None, ""
    return scheme, host_of(url)


def host_of(url: str) -> str:
    """The lower-case host of ``url`` (no port, no brackets, no trailing dot), or ""."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


# Cached by host name (short strings, a few per site): a request with no site of its own (robots.txt)
# is matched against every start URL's scope, N sites x N hosts (issue 13: O(N²) at 200 sites).
@functools.lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """kj.quanzhou.gov.cn → quanzhou.gov.cn; an address or a name with no public suffix → itself."""
    host = host.rstrip(".").lower()
    if _ip(host) is not None:
        return host
    result = _extractor()(host)
    domain = result.top_domain_under_public_suffix if hasattr(result, "top_domain_under_public_suffix") \
        else result.registered_domain
    return domain or host


@functools.lru_cache(maxsize=4096)
def address_class(address: str) -> str:
    """``public``, or why an address is not: loopback, link-local, private, multicast, reserved."""
    ip = _ip(address)
    if ip is None:
        return "invalid"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified or ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:  # 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, ...
        return "private"
    return "public"


@dataclass(frozen=True)
class SiteScope:
    """The scope of one site: its start host, registrable domain and the address classes allowed."""

    start_url: str
    host: str
    domain: str

    @classmethod
    def of(cls, start_url: str) -> SiteScope:
        url = start_url if "://" in start_url else "http://" + start_url
        host = host_of(url)
        return cls(url, host, registrable_domain(host))

    def host_refusal(self, url: str) -> str | None:
        """Why ``url`` is outside the site by its scheme or host, or None when it is inside."""
        return self.target_refusal(*url_target(url))

    def target_refusal(self, scheme: str | None, host: str) -> str | None:
        """:meth:`host_refusal` of a URL read once by :func:`url_target` (to weigh it against many sites)."""
        if scheme is None:
            return "not a URL"
        if scheme not in SCHEMES:
            return f"scheme {scheme or '(none)'} is not http(s)"
        if not host:
            return "no host"
        if host == self.host or registrable_domain(host) == self.domain:
            return None
        return f"host {host} is outside the site {self.host} ({self.domain})"

    def allowed_classes(self, start_address: str | None) -> frozenset[str]:
        """Address classes a request may resolve to: public, and the start URL's own class."""
        own = address_class(start_address or self.host)
        return frozenset({"public", own}) - {"invalid"}

    def address_refusal(self, host: str, address: str, start_address: str | None) -> str | None:
        """Why connecting to ``address`` (what ``host`` resolved to) is refused, or None."""
        kind = address_class(address)
        if kind in self.allowed_classes(start_address):
            return None
        shown = host if host == address else f"{host} resolves to {address},"
        return f"{shown} a {kind} address (the start URL {self.host} is not one)"


def refusal_reason(url: str, detail: str, *, redirected_from: str | None = None) -> str:
    """The text of an ``errors`` row for a refused request: what, where from, why."""
    head = f"out of scope: redirect from {redirected_from} to {url}" if redirected_from else f"out of scope: {url}"
    return f"{head}: {detail}"


def document_in_scope(url: str, site: str | None, *, of_report: bool = False) -> bool:
    """A ``documents`` row may be served from the archive: its URL is in the scope of the site it
    was crawled for (``documents.site``, the start URL's host). A row with no site is served only
    when it is a report's document. An archive written before scopes existed may hold an answer
    from elsewhere (a redirect to a metadata service, say): that one is never served.
    """
    if not site:
        return of_report
    return SiteScope.of(site).host_refusal(url) is None
