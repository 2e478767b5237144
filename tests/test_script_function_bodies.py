"""Each page function is read within its own braces: a pager's choice defined on the next line is not
the item opener's (``openDoc`` was dropped when ``goPage``'s ``n == 1 ? …`` fell inside its window)."""

from crawler.script_links import called_url, navigating_functions

SITE_JS = (
    "function openDoc(id){ window.open('/xxgk/doc/' + id + '.html'); }\n"
    "function goPage(n){ location.href = n == 1 ? 'list_frame.html' : 'list_frame_' + n + '.html'; }\n"
)


def test_item_opener_before_a_pager_function() -> None:
    functions = navigating_functions([SITE_JS])
    assert called_url("openDoc('20250122003')", functions) == "/xxgk/doc/20250122003.html"
    assert called_url("goPage(1)", functions) == "list_frame.html"
    assert called_url("goPage(3)", functions) == "list_frame_3.html"


def test_braces_inside_literals_do_not_end_a_body() -> None:
    js = ("function show(id){ var tpl = '{x}}'; if (id) { window.open('/art/' + id + '.html'); } }\n"
          "function other(n){ location.href = n > 1 ? 'p_' + n + '.html' : 'p.html'; }")
    functions = navigating_functions([js])
    assert called_url("show('77')", functions) == "/art/77.html"
    assert called_url("other(2)", functions) == "p_2.html"
