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


def test_a_written_link_keeps_its_address_when_its_text_is_computed() -> None:
    # TRS WCM list items: the shown text is the title cut by substr at run time; the address and the
    # title attribute are literal
    from crawler.script_links import variable_html

    js = ('var str_title = "昭阳区人民政府2025年政府信息公开工作年度报告";\n'
          'var str_url = "./202601/t20260117_7120031.html";\n'
          'var str_show = str_title.length > 20 ? str_title.substr(0, 20) + "…" : str_title;\n'
          "document.write(\"<a href='\" + str_url + \"' title='\" + str_title + \"'>\" + str_show + \"</a>\");")
    written = variable_html(js)
    assert "href='./202601/t20260117_7120031.html'" in written
    assert "title='昭阳区人民政府2025年政府信息公开工作年度报告'" in written
    # an address the script computes is no link of ours
    assert variable_html(js.replace('var str_url = "./202601/t20260117_7120031.html";\n', "")) == ""
