"""Scrapy settings for nianbao: polite by default, every response archived, items parsed and stored.

Each component named here lives in its own module of ``crawler/``; `-s NAME=VALUE` on the command
line overrides any of these, as with `scrapy crawl`.
"""

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Politeness: name ourselves, obey robots.txt, one request at a time per domain, back off on errors.
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; archive of government annual reports)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# What one response yields (a page's item and its requests) goes through the spider middlewares and
# pipelines this many at a time. Scrapy starts that many asyncio tasks for every response whatever
# it yields (100 by default: a twentieth of the crawl's CPU on a page that yields one item, issue 13);
# our pages yield an item or two and requests that pass at once.
CONCURRENT_ITEMS = 8
# Scrapy's check that a generator callback returns no value reads and parses the callback's source
# with ``ast`` for every response whose callback is a bound method no live request holds any more
# (its cache is keyed weakly): ~0.6 ms of the reactor's time a page (issue 13). A development lint,
# not a crawl's job: ruff and the tests look at our callbacks.
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_RETRY_BACKOFF = 1.0       # seconds before the first retry; doubled for each one after
NIANBAO_RETRY_BACKOFF_MAX = 60.0  # and never more than this (Retry-After is honoured up to it)
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = True
# No remote console: Scrapy's telnet console and its HTTP remote control (which runs Python sent to
# it and writes a bearer token under ~/.local/state/scrapy/job_files) stay off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Breadth-first keeps memory flat in the number of sites; the scheduler's queues can move to
# scrapy-redis later without touching the spiders.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ScopeMiddleware": 50,  # before robots.txt: nothing is sent out of scope
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
    "crawler.middlewares.RedirectLoopMiddleware": 610,
    # Scrapy's meta refresh, without decoding whole the pages that cannot hold one
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.MetaRefreshMiddleware": 580,
    "crawler.middlewares.ArchiveMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "crawler.middlewares.RecordedUrlLengthMiddleware": 800,  # the same limit, each drop an errors row
}
ITEM_PIPELINES = {
    "crawler.pipelines.ParsePipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}
EXTENSIONS = {
    "crawler.extensions.CrawlRunExtension": 500,
}

# Where the archive lives; `nianbao crawl --db PATH` sets NIANBAO_DB.
NIANBAO_DB = "data/archive.db"
NIANBAO_WARC_DIR = None  # default: warc/ beside NIANBAO_DB (crawler.db.warc_dir_setting), as `serve` looks
# Bounds per site, so one huge portal cannot eat the crawl.
NIANBAO_MAX_DEPTH = 6
NIANBAO_MAX_PAGES_PER_SITE = 400
# Close-of-run checks (crawler/monitor.py): a run whose errors / requests passes this, overall or on
# one site, exits with status 3 and says so in crawl_runs.summary.
NIANBAO_MAX_ERROR_RATE = 0.2
NIANBAO_MIN_REQUESTS_FOR_RATE = 1
# Parse documents in worker processes (one per core; 0: in the crawler itself), each parse with a
# wall-clock and a memory limit: a document that passes either is recorded as "limit", never retried.
# NIANBAO_PARSE_WORKERS = <cores>
NIANBAO_PARSE_TIME_LIMIT = 300
NIANBAO_PARSE_MEMORY_MB = 2048
NIANBAO_WRITER_THREAD = True     # WARC records and rows written on their own thread (crawler/writer.py)
NIANBAO_WRITER_MAX_JOBS = 256    # writes queued before the reactor waits for the disk

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Script-built columns (crawler/browser.py): only requests with meta["playwright"] go to the
# browser, Debian's chromium (never downloaded at run time); Playwright starts on the first one,
# so a crawl that needs no browser never starts it. Bounded per site: renders and a render timeout.
DOWNLOAD_HANDLERS = {
    "http": "crawler.browser.LazyPlaywrightHandler",
    "https": "crawler.browser.LazyPlaywrightHandler",
}
# NIANBAO_HOSTS=name=ip,… (a mirror or a test tree under its real names): the crawler's resolver
# and the browser's (crawler.hosts.chromium_args, added when Playwright starts) answer them alike
TWISTED_DNS_RESOLVER = "crawler.hosts.HostsResolver"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {"executable_path": "/usr/bin/chromium", "headless": True,
                             "args": ["--no-sandbox", "--disable-dev-shm-usage"]}
PLAYWRIGHT_ABORT_REQUEST = "crawler.browser.skip_resource"
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
NIANBAO_BROWSER = True
NIANBAO_MAX_RENDERS_PER_SITE = 3
NIANBAO_MAX_APP_RENDERS_PER_SITE = 80  # pages of a script-only app (each route is rendered)
NIANBAO_RENDER_TIMEOUT_MS = 20000
