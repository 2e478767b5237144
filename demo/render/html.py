"""HTML layouts: clean tables, Word/WPS exports in GBK, flattened paragraphs, messy split tables.

Each writer returns (bytes, Content-Type). The page around the article carries site navigation,
a breadcrumb, related links (one names last year's report) and a footer, because real portal
pages do and the parser must ignore them.
"""

from __future__ import annotations

import html as _h
import re
from collections.abc import Callable
from typing import Any

from demo.values import ReportValues
from parsers.form import VERSIONS

from . import model as m
from .tokens import Tokens

Opts = dict[str, Any]


def esc(text: str) -> str:
    """Escape text for HTML; a "\\n" inside a label is a line break (<br>) inside the cell."""
    return _h.escape(text, quote=False).replace("\n", "<br/>")


def _time(values: ReportValues) -> str:
    """A deterministic clock time for the publish date (portals show one)."""
    n = sum(map(ord, values.agency)) + values.year + int(values.published_date[-2:])
    return f"{8 + n % 10:02d}:{n * 7 % 60:02d}"


# ---------------------------------------------------------------- page chrome


def chrome_top(values: ReportValues) -> str:
    site = values.agency
    return (
        '<div class="top-bar"><a href="/wza/">无障碍浏览</a> <a href="/">繁体版</a> <a href="/m/">移动版</a></div>\n'
        f'<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{esc(site)}"/></a></div>\n'
        '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="/zwgk/zfxxgk/">政府信息公开</a></li><li><a href="/zwgk/zfxxgk/zfxxgknb/">信息公开年报</a></li>'
        '<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>\n'
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
        '<a href="/zwgk/zfxxgk/">政府信息公开</a> &gt; <a href="/zwgk/zfxxgk/zfxxgknb/">政府信息公开年度报告</a></div>\n'
    )


def chrome_bottom(values: ReportValues) -> str:
    prev = f"{values.agency}{values.year - 1}年政府信息公开工作年度报告"
    return (
        '<div class="related"><h3>相关链接</h3><ul>'
        f'<li><a href="/zwgk/zfxxgk/zfxxgknb/{values.year}01/t{values.year}0120_1.htm">{esc(prev)}</a></li>'
        '<li><a href="/zwgk/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li>'
        '<li><a href="/zwgk/zfxxgk/zfxxgkzd/">政府信息公开制度</a></li>'
        '<li><a href="https://www.gov.cn/">中国政府网</a></li></ul></div>\n'
        '<div class="share">分享到：微信 微博 <a href="javascript:window.print()">【打印本页】</a> '
        '<a href="javascript:window.close()">【关闭窗口】</a></div>\n'
        f'<div class="footer"><p>主办单位：{esc(values.agency)}　承办：{esc(values.agency)}办公室</p>'
        '<p><a href="/zwgk/zfxxgk/">政府信息公开</a> | <a href="/zwgk/zfxxgk/zfxxgknb/">信息公开年报</a> | '
        '<a href="/lxwm/">联系我们</a> | <a href="/wzdt/">网站地图</a></p>'
        '<p>网站标识码：3505000012　闽ICP备05000123号　闽公网安备 35050202000123号</p></div>\n'
    )


def page(values: ReportValues, opts: Opts, *, head: str, article: str, title_suffix: str = "") -> str:
    top = chrome_top(values) if opts.get("chrome") else ""
    bottom = chrome_bottom(values) if opts.get("chrome") else ""
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n" + head
        + f"<title>{esc(values.title)}{esc(title_suffix)}</title>\n</head>\n<body>\n"
        + top + article + bottom + "</body>\n</html>\n"
    )


# ---------------------------------------------------------------- tables


def _span(cell: m.Cell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def clean_table(table: m.Table, tokens: Tokens, *, attrs: str = 'cellspacing="0" align="center" border="1"',
                extra_rows: str = "") -> str:
    """A table as a CMS editor writes it (tests/files/realdocs/pingtan_2024.html)."""
    rows = []
    for i, row in enumerate(table.rows):
        tds = []
        for cell in row:
            if cell.key is not None:
                inner = f"<p>{esc(tokens[cell.key])}</p>"
            else:
                inner = "".join(f"<p>{esc(line)}</p>" for line in cell.lines)
            tds.append(f'<td{_span(cell)} valign="center">{inner}</td>')
        cls = ' class="firstRow"' if i == 0 else ""
        rows.append(f"<tr{cls}>" + "".join(tds) + "</tr>")
    return f"<table {attrs}><tbody>" + "".join(rows) + extra_rows + "</tbody></table>\n"


def body(blocks: list[m.Block], *, p: Callable[[str], str], h: Callable[[str], str],
         table: Callable[[m.Table], str], sign: Callable[[str], str]) -> str:
    out = []
    for b in blocks:
        if b.kind == "p":
            out.append(p(b.text))
        elif b.kind == "h1":
            out.append(h(b.text))
        elif b.kind == "table":
            assert b.table is not None
            out.append(table(b.table))
        elif b.kind == "sign":
            out.append(sign(b.text))
    return "".join(out)


def _plain_body(blocks: list[m.Block], tokens: Tokens) -> str:
    return body(
        blocks,
        p=lambda t: f'<p style="text-indent: 2em;">{esc(t)}</p>',
        h=lambda t: f'<p style="text-indent: 2em;"><span style="font-family: 黑体, SimHei;">{esc(t)}</span></p>',
        table=lambda t: clean_table(t, tokens),
        sign=lambda t: f'<p style="text-align: right;">{esc(t)}</p>',
    )


# ---------------------------------------------------------------- 1. html_table


def html_table(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """Clean UTF-8 tables; date in <meta name="PubDate"> and a 时间 line."""
    stamp = f"{values.published_date} {_time(values)}"
    head = (
        '<meta charset="utf-8"/>\n'
        f'<meta name="SiteName" content="{esc(values.agency)}"/>\n'
        f'<meta name="ColumnName" content="政府信息公开年报"/>\n'
        f'<meta name="ArticleTitle" content="{esc(values.title)}"/>\n'
        f'<meta name="PubDate" content="{stamp}"/>\n'
        f'<meta name="ContentSource" content="{esc(values.agency)}"/>\n'
    )
    blocks = m.document(values, m.standard_tables(values.form_version))
    article = (
        '<div class="article">\n'
        f'<div class="article_title text_align_center">{esc(values.title)}</div>\n'
        f'<div class="article_info"><span>来源：{esc(values.agency)}</span> '
        f'<span class="article_time">时间：{stamp}</span> <span>浏览次数：<em id="count">1024</em></span></div>\n'
        f'<div class=TRS_Editor>{_plain_body(blocks, tokens)}</div>\n</div>\n'
    )
    text = page(values, opts, head=head, article=article, title_suffix="_" + values.agency)
    return text.encode("utf-8"), "text/html; charset=utf-8"


# ---------------------------------------------------------------- 2. html_word_gbk

_TD_STYLE = (
    "width:{w}pt;border-top:{top};border-left:{left};border-bottom:solid windowtext 1.0pt;\n"
    "border-right:solid windowtext 1.0pt;mso-border-top-alt:solid windowtext .5pt;mso-border-left-alt:\n"
    "solid windowtext .5pt;mso-border-alt:solid windowtext .5pt;mso-border-bottom-alt:solid windowtext .5pt;\n"
    "mso-border-right-alt:solid windowtext .5pt;background:white;mso-background-themecolor:background1;\n"
    "padding:0cm 5.4pt 0cm 5.4pt;mso-padding-alt:0cm 5.4pt 0cm 5.4pt;height:{h}pt;mso-height-rule:exactly;\n"
    "mso-yfti-cnfc:{cnfc};mso-border-themecolor:text1;mso-border-alt-themecolor:text1;vertical-align:middle"
)
_P_STYLE = (
    "margin-top:0cm;margin-right:0cm;margin-bottom:0cm;margin-left:0cm;text-align:center;\n"
    "line-height:{lh}pt;mso-line-height-rule:exactly;mso-pagination:widow-orphan;layout-grid-mode:char;\n"
    "mso-layout-grid-align:none;text-autospace:ideograph-numeric ideograph-other;word-break:break-all"
)
_SPAN_STYLE = (
    "font-size:{fs}pt;font-family:{font};mso-ascii-font-family:\"Times New Roman\";mso-fareast-font-family:{font};\n"
    "mso-hansi-font-family:\"Times New Roman\";color:black;mso-font-kerning:0pt"
)


def _wspan(text: str, *, fs: str = "10.5", font: str = "仿宋_GB2312", lang: bool = False) -> str:
    la = " lang=EN-US" if lang else ""
    return f"<span{la} style='{_SPAN_STYLE.format(fs=fs, font=font)}'>{text}</span>"


def _wp(inner: str, lh: str = "15.0") -> str:
    return f"<p class=MsoNormal align=center style='{_P_STYLE.format(lh=lh)}'>{inner}</p>"


def _word_number(token: str, n: int) -> str:
    """Digits split across <span>s ("2"+"0" is 20) with &nbsp; around, as Word exports do."""
    t = esc(token)
    if len(token) >= 2 and n % 2 == 0:
        cut = 1 if n % 4 == 0 else len(token) - 1
        inner = _wspan("&nbsp;" + t[:cut], lang=True) + _wspan(t[cut:] + "&nbsp;", lang=True)
    else:
        inner = _wspan("&nbsp;" + t + "&nbsp;", lang=True)
    return _wp(inner)


def word_table(table: m.Table, tokens: Tokens, widths: list[float]) -> str:
    """A Word/WPS-exported MsoNormalTable: about 1 KB of inline CSS per cell."""
    rows = []
    counter = 0
    grid = table.grid()
    for r, row in enumerate(table.rows):
        tds = []
        c = 0
        for cell in row:
            while c < table.ncols and grid[r][c] is not None and not grid[r][c][1]:  # type: ignore[index]
                c += 1
            w = sum(widths[c:c + cell.colspan])
            style = _TD_STYLE.format(w=f"{w:.2f}", top="none" if r else "solid windowtext 1.0pt",
                                     left="none" if c else "solid windowtext 1.0pt", h="22.70",
                                     cnfc="1" if r == 0 else "0")
            if cell.key is not None:
                counter += 1
                inner = _word_number(tokens[cell.key], counter)
            else:
                inner = "".join(_wp(_wspan(esc(line))) for line in cell.lines if line) or _wp(_wspan("&nbsp;"))
            span = "".join(f" {a}={v}" for a, v in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if v > 1)
            tds.append(f"<td width={round(w * 4 / 3)}{span} valign=center style='{style}'>{inner}</td>")
            c += cell.colspan
        rows.append(f"<tr style='mso-yfti-irow:{r};height:22.70pt'>" + "".join(tds) + "</tr>\n")
    return ("<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=568\n"
            " style='width:426.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\n"
            " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt;mso-border-insideh:.5pt solid windowtext;\n"
            " mso-border-insidev:.5pt solid windowtext'>\n" + "".join(rows) + "</table>\n</div>\n")


def _word_prose_p(text: str) -> str:
    return ("<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;\n"
            f"mso-line-height-rule:exactly'>{_wspan(esc(text), fs='16.0')}</p>\n")


def html_word_gbk(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """Word export, GBK bytes, charset only in <meta http-equiv>; prose holds non-GB2312 characters."""
    v = values.form_version
    results_lines = ("三、", "本年", "度办", "理结", "果")
    tables = {
        "active": [m.active_table(v)],
        "apply": [m.apply_table(v, results_lines=results_lines)],
        "review": [m.review_table(vertical=True)],
    }
    widths = {"active": [120.0, 102.0, 102.0, 102.0], "apply": [28.0, 46.0, 110.0] + [34.6] * 7,
              "review": [28.4] * 15}
    blocks = m.document(values, tables, rare_chars=True)
    content = body(
        blocks,
        p=_word_prose_p,
        h=lambda t: ("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt;mso-line-height-rule:exactly'>"
                     f"{_wspan(esc(t), fs='16.0', font='黑体')}</p>\n"),
        table=lambda t: word_table(t, tokens, widths[t.name]),
        sign=lambda t: f"<p class=MsoNormal align=right style='text-align:right'>{_wspan(esc(t), fs='16.0')}</p>\n",
    )
    head = ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
            '<meta name="Generator" content="Microsoft Word 15 (filtered)">\n'
            "<style>\n<!--\n p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; text-align:justify;"
            " font-size:10.5pt; font-family:\"Calibri\",sans-serif;}\n.WordSection1 {page:WordSection1;}\n-->\n</style>\n")
    article = (
        '<div class="content">\n'
        f'<h1 class="title">{esc(values.title)}</h1>\n'
        f'<div class="info">发布日期：{values.published_date}　来源：{esc(values.agency)}　字号：【大 中 小】</div>\n'
        f'<div class="zoom">\n<div class=WordSection1 style=\'layout-grid:15.6pt\'>\n{content}</div>\n</div>\n</div>\n'
    )
    text = page(values, opts, head=head, article=article, title_suffix="-" + values.agency)
    return text.encode("gbk"), "text/html"


# ---------------------------------------------------------------- 3./4. GBK without meta charset


def html_gbk_header_only(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """GBK bytes, charset only in the Content-Type header; date only in the signature."""
    blocks = m.document(values, m.standard_tables(values.form_version), rare_chars=True)
    article = (
        '<div class="main-article">\n'
        f'<h2 class="article-title">{esc(values.title)}</h2>\n'
        f'<div class="article-source">信息来源：{esc(values.agency)}　　【字体：大 中 小】</div>\n'
        f'<div class="article-con">{_plain_body(blocks, tokens)}</div>\n</div>\n'
    )
    text = page(values, opts, head="", article=article)
    return text.encode("gbk"), "text/html; charset=GBK"


def html_gbk_undeclared(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """GB18030 bytes and no charset anywhere: the parser must detect the encoding."""
    y, mo, d = values.published_date.split("-")
    blocks = m.document(values, m.standard_tables(values.form_version), rare_chars=True)
    article = (
        '<div id="zoom" class="xxgk-detail">\n'
        f'<div class="tit">{esc(values.title)}</div>\n'
        f'<div class="xx-info">发布日期：{y}年{mo}月{d}日　　发布机构：{esc(values.agency)}</div>\n'
        f'<div class="TRS_Editor">{_plain_body(blocks, tokens)}</div>\n</div>\n'
    )
    text = page(values, opts, head="", article=article)
    return text.encode("gb18030"), "text/html"


# ---------------------------------------------------------------- 5. html_flat_paragraphs


def flat_cells(table: m.Table, tokens: Tokens) -> list[str]:
    """Every cell's text in HTML order, one entry per visual line (how seeds 000/001 were published)."""
    out: list[str] = []
    for row in table.rows:
        for cell in row:
            if cell.key is not None:
                out.append(tokens[cell.key])
            else:
                out.extend(line for line in cell.lines if line)
    return out


def html_flat_paragraphs(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """Tables flattened: every cell its own <p> inside the article div."""
    blocks = m.document(values, m.standard_tables(values.form_version))
    content = body(
        blocks,
        p=lambda t: f'<p style="text-indent: 2em;">{esc(t)}</p>\n',
        h=lambda t: f'<p style="text-indent: 2em;"><strong>{esc(t)}</strong></p>\n',
        table=lambda t: "".join(f"<p>{esc(x)}</p>\n" for x in flat_cells(t, tokens)),
        sign=lambda t: f'<p style="text-align: right;">{esc(t)}</p>\n',
    )
    article = (
        f'<div class="article_title text_align_center">{esc(values.title)}</div>\n'
        f'<span class="article_time bf-pass">时间:{values.published_date} {_time(values)}</span>\n'
        f"<div class=TRS_Editor>\n{content}</div>\n"
    )
    text = page(values, opts, head='<meta charset="utf-8">\n', article=article)
    return text.encode("utf-8"), "text/html; charset=utf-8"


# ---------------------------------------------------------------- 6. html_split

_NUMBERING = {"3.3": "{n}、", "3.4": "{n}．", "3.5": "({n})"}


def split_labels(version: str) -> Callable[[str], str]:
    """Label spellings real reports use instead of the form's own (quirks.md, Labels)."""
    repl = {
        "行政规范性文件": "规范性文件",
        "本年废止件数": "本年度止件数",
        "其他": "其它",
        "3.其他": "3.其它",
        "（六）其他处理": "(六)其它处理",
        "（三）不予公开": "(三)不予公开",
        "（四）无法提供": "(四) 无法 提供",
        "（五）不予处理": "（五）不予\n处理",
        "法人或其他组织": "法人或其它组织",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        "一、本年新收政府信息公开申请数量": "一、本年新收政府信息 公开申请数量",
        "二、上年结转政府信息公开申请数量": "二、上年结转政府信息公开\n申请数量",
        "第二十条第（五）项": "第二十条第(五)项",
        "本年收费金额（单位：万元）": "本年收费金额(单位:万元)",
        "行政复议": "行政 复议",
    }
    for _, subs in m.groups(version):
        for code, sub in subs:
            prefix = code.rsplit(".", 1)[0]
            if sub and prefix in _NUMBERING:
                n, rest = sub.split(".", 1)
                if sub not in repl:
                    repl[sub] = _NUMBERING[prefix].format(n=n) + rest
    repl["5.要求行政机关确认或重新出具已获取信息"] = "(5)要求行政机关确认或\n重新出具已获取信息"
    assert version in VERSIONS
    return lambda label: repl.get(label, label)


def html_split(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """Messy structure: split tables, repeated headers, label variants, blanks, subtotal column."""
    v = values.form_version
    label = split_labels(v)
    codes = m.apply_codes(v)
    cut = codes.index("3.4.1")
    subtotal = bool(opts["subtotal"])
    apply_a = m.apply_table(v, label, subtotal=subtotal, codes=codes[:cut])
    apply_b = m.apply_table(v, label, subtotal=subtotal, codes=codes[cut:])
    review = list(m.review_tables_split(label)) if opts["split_review"] else [m.review_table(label)]
    tables = {"active": [m.active_table(v, label, extra_col=True)], "apply": [apply_a, apply_b], "review": review}
    phantom = "<tr>" + '<td style="border:none">&nbsp;</td>' * 15 + "</tr>"
    empty_row = "<tr>" + "<td></td>" * 5 + "</tr>"

    def table(t: m.Table) -> str:
        if t is review[-1]:
            return clean_table(t, tokens, attrs='border="1" cellspacing="0" cellpadding="0" width="100%"',
                               extra_rows=phantom)
        if t.name == "active":
            return clean_table(t, tokens, extra_rows=empty_row)
        out = clean_table(t, tokens, attrs='class="MsoTableGrid" border="1" cellspacing="0" width="600"')
        return out + ('<p>&nbsp;</p>\n' if t is apply_a else "")

    blocks = m.document(values, tables)
    content = body(
        blocks,
        p=lambda t: f"<p>　　{esc(t)}</p>\n",
        h=lambda t: f"<p><b>　　{esc(t)}</b></p>\n",
        table=table,
        sign=lambda t: f'<p align="right">{esc(t)}</p>\n',
    )
    head = (f'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            f'<meta name="ArticleTitle" content="{esc(values.title)}">\n'
            f'<meta name="PubDate" content="{values.published_date} {_time(values)}:00">\n')
    article = (f'<div class="detail"><h1>{esc(values.title)}</h1>\n'
               f'<div class="TRS_Editor"><div class="Custom_UnionStyle">\n{content}</div></div></div>\n')
    text = page(values, opts, head=head, article=article, title_suffix=" - 政府信息公开")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.encode("utf-8"), "text/html; charset=utf-8"
