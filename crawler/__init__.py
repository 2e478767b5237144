"""nianbao's crawler: the spider, its middlewares and pipelines, the archive, the commands.

tldextract (Scrapy's cookie middleware splits cookie domains with it, and :mod:`crawler.scope`
finds registrable domains) would otherwise download the Public Suffix List on first use and cache
it under ``~/.cache``: a crawl writes nothing outside its data directory and asks no server but
the portals, so it reads the snapshot tldextract bundles. Set here, before tldextract is imported.
"""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # no download of the list
os.environ.setdefault("TLDEXTRACT_CACHE", "")  # no cache directory
