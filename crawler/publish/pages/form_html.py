"""The form's tables of a report page as HTML, written in Python.

The same markup the ``form_table`` macro of ``_nb_form.html`` wrote cell by cell in Jinja (header
slots, row labels, value cells with their marks and notes), in one call: Jinja's async rendering
cost ~20 µs a cell, and a report's three tables have ~500 slots — most of the page's CPU.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def _span(name: str, n: int) -> str:
    return f' {name}="{n}"' if n > 1 else ""


def form_table_html(t: dict[str, Any], marks: dict[str, str]) -> Markup:
    """One table (``{"form": FormTable, "values": {cell id: ValueCell}}``) with ``marks`` (kind → sign)."""
    form, values = t["form"], t["values"]
    out = [f'<table class="nb-form nb-form-{escape(form.table)}" data-table="{escape(form.table)}">\n'
           f'  <caption>{escape(form.title)} <span class="en">{escape(form.title_en)}</span></caption>\n']
    for row in form.rows:
        out.append("  <tr>")
        for s in row:
            if s.kind == "value":
                if s.cell_id:
                    v = values[s.cell_id]
                    title = f' title="{escape(chr(10).join(v.notes))}"' if v.notes else ""
                    signs = "".join(f'<sup class="mark mark-{escape(m)}">{escape(marks[m])}</sup>' for m in v.marks)
                    out.append(f'<td class="v {escape(" ".join(v.marks))}" data-cell="{escape(s.cell_id)}"'
                               f'{_span("colspan", s.colspan)}{title}>'
                               f'{escape(v.value) if v.value is not None else ""}{signs}</td>')
                else:
                    out.append(f'<td class="v none"{_span("colspan", s.colspan)}></td>')
            else:
                title = f' title="{escape(s.en)}"' if s.en else ""
                en = f'<span class="en">{escape(s.en)}</span>' if s.en and s.kind != "label" else ""
                out.append(f'<th class="{escape(s.kind)}"{_span("rowspan", s.rowspan)}{_span("colspan", s.colspan)}'
                           f"{title}>{escape(s.text)}{en}</th>")
        out.append("</tr>\n")
    out.append("</table>\n")
    return Markup("".join(out))
