"""The bigram index's tokens (two adjacent Han characters), in a module light enough for the parse
workers: a crawl tokenizes each report's text in the worker that parsed it (:mod:`crawler.parse_job`)
instead of on the crawl's writer thread, where it held the GIL the reactor needs (issue 13).

:func:`bigrams` is what the index holds for a text; :func:`text_terms` the same for a report's
text alone, which :func:`with_title` joins to its title's without tokenizing the text again:
``with_title(title, text_terms(text)) == bigrams(f"{title}\\n{text}")``.
"""

from __future__ import annotations

import operator
import re

HAN_CHARS = "\u3400-\u9fff\uf900-\ufaff"  # what the bigram index holds (a regex character range)
_HAN_RUN = re.compile(f"[{HAN_CHARS}]+")


def _tokens(text: str | None) -> list[str]:
    tokens: list[str] = []
    for run in _HAN_RUN.findall(text or ""):
        tokens += map(operator.add, run, run[1:])
        tokens.append(run[-1])
    return tokens


def bigrams(text: str | None) -> str:
    """The text as the bigram index sees it: every two adjacent Han characters as a token.

    The trigram index cannot match a 1–2 character query, and 2-character words are everywhere in
    Chinese (公开, 复议). FTS5 has no bigram tokenizer, so the tokens are made here and indexed by the
    default one (``detail=none``: which reports hold a token, nothing more — small). A 2-character
    query is one token (``"复议"``), a 1-character one a prefix (``"复" *``), which finds it as the
    first character of a bigram or as the last of a run. Distinct tokens, in order of first
    appearance: each run of Han characters gives its adjacent pairs, then its last character alone
    (the runs found by one regular expression, the pairs made by ``map``: a 6,000-character report
    in about a millisecond).
    """
    return " ".join(dict.fromkeys(_tokens(text)))


def text_terms(text: str | None) -> str:
    """:func:`bigrams` of a report's text (a worker computes it beside the parse)."""
    return bigrams(text)


def with_title(title: str | None, terms: str) -> str:
    """:func:`bigrams` of ``f"{title}\\n{text}"`` from ``terms = text_terms(text)``: the title's
    tokens first, then the text's not already among them (a newline ends a run of Han characters,
    so no token spans the two)."""
    head = _tokens(title)
    if not head:
        return terms
    return " ".join(dict.fromkeys([*head, *terms.split(" ")] if terms else head))
