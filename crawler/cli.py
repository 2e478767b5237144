"""The `nianbao` command: parse documents, crawl portals, serve the archive.

Each subcommand lives in its own module and is imported only when used, so `nianbao parse`
never loads Scrapy.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand → module with add_arguments(parser) and run(args) -> int
SUBCOMMANDS = {
    "parse": ("crawler.parse_cmd", "print each document's form values as JSON lines"),
    "crawl": ("crawler.crawl_cmd", "discover, archive and parse reports from portals"),
    "discover": ("crawler.discover_cmd", "find every agency's portal below a portal; write a sources file"),
    "serve": ("crawler.serve_cmd", "serve the archive with Datasette (views, search, archived copies)"),
    "store": ("crawler.distributed.store_cmd", "write the archive of a crawl spread over workers (Redis)"),
    "seed": ("crawler.distributed.seed_cmd", "give a distributed crawl its start URLs"),
    "migrate": ("crawler.migrate_cmd", "upgrade an archive made by an earlier version, in place"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nianbao", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        try:
            importlib.import_module(module).add_arguments(p)
        except ModuleNotFoundError:
            p.set_defaults(_missing=module)
        p.set_defaults(_module=module)
    args = parser.parse_args(argv)
    if getattr(args, "_missing", None):
        parser.error(f"{args.command} is not available in this build")
    return importlib.import_module(args._module).run(args)


if __name__ == "__main__":
    sys.exit(main())
