"""Politeness across workers: a site is fetched by at most CONCURRENT_REQUESTS_PER_DOMAIN workers
at once, and a token is handed on only DOWNLOAD_DELAY seconds after its response.

Each worker's Scrapy keeps its own per-site slot as usual; this adds a site-wide one in Redis.
Before a request goes out (the last downloader middleware, so a request answered from the archive
takes no token), the worker takes one of the site's tokens (``SET NX`` with an expiry); when the
response or the failure comes back, the token is kept for the delay and then expires. A token
carries an expiry of :data:`.keys.ALIVE_TTL_SECONDS`, renewed by its worker's heartbeat while the
download lasts: a killed worker holds a site for at most that long.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future

from . import keys

logger = logging.getLogger(__name__)

TOKEN_META = "_nianbao_site_token"
POLL_SECONDS = (0.02, 0.25)  # waiting for a token: at least, at most between tries
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[2]) > 0 then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class SiteTokenMiddleware:
    """Take a site token before each download, hand it on DOWNLOAD_DELAY after the answer."""

    def __init__(self, redis: Any, *, per_site: int = 1, delay: float = 1.0) -> None:
        self.redis = redis
        self.per_site = max(1, per_site)
        self.delay_ms = int(max(0.0, delay) * 1000)
        self.hold_ms = keys.ALIVE_TTL_SECONDS * 1000
        self.held: dict[str, str] = {}  # token key → owner, renewed by the heartbeat
        self._release = redis.register_script(_RELEASE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteTokenMiddleware:
        from .worker import redis_for

        s = crawler.settings
        mw = cls(redis_for(crawler), per_site=s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 1),
                 delay=s.getfloat("DOWNLOAD_DELAY", 0.0))
        crawler.nianbao_site_tokens = mw  # the worker's heartbeat renews what it holds
        return mw

    def _try(self, host: str, owner: str) -> tuple[str | None, int]:
        """A free token of ``host`` (taken), or None and how long the soonest one is held (ms)."""
        soonest = POLL_SECONDS[1] * 1000
        for slot in range(self.per_site):
            key = keys.site_token(host, slot)
            if self.redis.set(key, owner, nx=True, px=self.hold_ms):
                return key, 0
            ttl = self.redis.pttl(key)
            if ttl >= 0:
                soonest = min(soonest, ttl)
        return None, int(soonest)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        host = urlsplit(request.url).hostname or ""
        owner = f"{keys.process_id()}:{uuid.uuid4().hex[:12]}"
        while True:
            key, wait_ms = self._try(host, owner)
            if key is not None:
                break
            wait = min(max(wait_ms / 1000, POLL_SECONDS[0]), POLL_SECONDS[1])
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        self.held[key] = owner
        request.meta[TOKEN_META] = (key, owner)
        return None

    def release(self, request: Request) -> None:
        token = request.meta.pop(TOKEN_META, None)
        if not token:
            return
        key, owner = token
        self.held.pop(key, None)
        try:
            self._release(keys=[key], args=[owner, self.delay_ms])
        except Exception:  # noqa: BLE001 - the token expires by itself
            logger.exception("could not hand on the site token %s", key)

    def renew(self) -> None:
        """Keep the tokens of downloads still going (the heartbeat calls this)."""
        if not self.held:
            return
        pipe = self.redis.pipeline(transaction=False)
        for key in list(self.held):
            pipe.pexpire(key, self.hold_ms)
        pipe.execute()

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        self.release(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        self.release(request)
        return None
