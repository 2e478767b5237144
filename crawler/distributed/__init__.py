"""Many crawl workers, one archive writer: the crawl scaled out over Redis (issue 10).

    nianbao store --redis redis://HOST:6379/0 --db data/archive.db        # one, next to the archive
    nianbao crawl --redis redis://HOST:6379/0 --sources data/sources.yaml  # as many as you like
    nianbao crawl --workers 3 --sources data/sources.yaml                  # all of it on this machine

Workers are the ordinary ``reports`` spider on scrapy-redis's scheduler and dupefilter, so they
share one request queue and one set of seen requests. Each one fetches, archives into its own WARC
files (``nianbao-<host>-<time>-<pid>-<seq>.warc.gz``) and parses; it never opens SQLite. What the
single-process crawl writes through :class:`crawler.db.Store` a worker pushes instead, as
messages of Store calls, to a Redis list (:mod:`.remote_store`); the writer (:mod:`.writer`) is the
one process that applies them to the archive, in batches, and keeps in Redis what the workers read
back (validators for conditional requests, parse outcomes, archived payloads).

Modules, one job each:

- :mod:`.keys`: the Redis key names and the connection;
- :mod:`.remote_store`: the worker's Store (reads from Redis, writes queued as messages);
- :mod:`.queue`: the request queue with in-flight bookkeeping, so a killed worker's requests are
  taken up again;
- :mod:`.politeness`: one site is fetched by one worker at a time, spaced by DOWNLOAD_DELAY;
- :mod:`.worker`: the worker's spider, extension and settings;
- :mod:`.writer`: the writer loop, its reliable queue and the end of the run;
- :mod:`.local`: ``--workers N``: redis-server, the writer and N workers on this machine.
"""
