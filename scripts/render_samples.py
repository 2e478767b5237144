"""Write one file per document layout for one value set, for humans to look at.

    .venv/bin/python -m scripts.render_samples [--seed 0] [--version 2021] [--out tests/files/rendered]

Each file is named after its layout (html_table.html, text_tsv.txt, …); expected.json holds what
`nianbao parse` must print for them (per layout, since blank conventions differ).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # allow `python scripts/render_samples.py` as well as `-m`
    sys.path.insert(0, str(ROOT))

from demo.render import LAYOUTS, render  # noqa: E402
from demo.values import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--version", choices=("2021", "2019"), default="2021")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "files" / "rendered")
    args = ap.parse_args(argv)
    values = generate(args.seed, args.version)
    args.out.mkdir(parents=True, exist_ok=True)
    expected = {}
    for layout in LAYOUTS:
        r = render(values, layout)
        path = args.out / f"{layout}{r.suffix}"
        path.write_bytes(r.data)
        expected[path.name] = {"content_type": r.content_type, **r.expected}
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {len(r.data):>7} bytes  "
              f"{r.content_type}")
    (args.out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
