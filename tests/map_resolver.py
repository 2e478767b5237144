"""A Scrapy DNS resolver for tests: names from ``NIANBAO_TEST_HOSTS`` (JSON {name: address}), else
a failed lookup. Set it with ``-s TWISTED_DNS_RESOLVER=tests.map_resolver.MapResolver``: a crawl
can then use real-looking host names (www.portal.gov.cn) served on 127.0.0.x, and never asks a
real DNS server.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.abstract import isIPAddress, isIPv6Address
from twisted.internet.error import DNSLookupError


class MapResolver(CachingThreadedResolver):
    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802
        hosts = json.loads(os.environ.get("NIANBAO_TEST_HOSTS") or "{}")
        if name in hosts:
            return defer.succeed(hosts[name])
        if isIPAddress(name) or isIPv6Address(name):
            return defer.succeed(name)
        return defer.fail(DNSLookupError(f"{name} is not in NIANBAO_TEST_HOSTS"))
