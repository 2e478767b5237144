"""A pager function whose conditional is one part of a concatenation: the parts around it are kept."""

import pytest

from crawler.script_links import called_url, navigating_functions


@pytest.mark.parametrize(("js", "want"), [
    ("function goPage(n){ location.href = (n == 0 ? 'index' : 'index_' + n) + '.html'; }",
     ["index.html", "index_1.html", "index_2.html"]),
    ("function goPage(n){ location.href = '/gk/' + (n == 0 ? 'index' : 'index_' + n) + '.shtml'; }",
     ["/gk/index.html".replace(".html", ".shtml"), "/gk/index_1.shtml", "/gk/index_2.shtml"]),
    ("function goPage(n){ window.location.href = (n == 0) ? 'index.html' : 'index_' + n + '.html'; }",
     ["index.html", "index_1.html", "index_2.html"]),
])
def test_choice_within_concatenation(js: str, want: list[str]) -> None:
    functions = navigating_functions([js])
    assert [called_url(f"goPage({i})", functions) for i in range(3)] == want
