"""Scrapy spiders: one generic spider, ``reports`` (see :mod:`crawler.spiders.reports`)."""
