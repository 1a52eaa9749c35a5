"""``wirelint provenance``: credits, outlets, identifiers and a verdict per file, and the
passages files share with each other (and with a reference corpus given with --against).

The lead CLI adds it with ``add_parser(subparsers)`` and runs it with ``run(args)``. Exit
codes: 0 when every file was read, 2 when any path or file could not be (each problem is
one line on standard error; the other files are still reported). The JSON shape is
documented in ``lint.provenance.output``.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from ..commandline import Parser, guarded
from ..errors import WirelintError
from ..exits import EXIT_ERROR, EXIT_OK


def add_parser(subparsers: "argparse._SubParsersAction") -> argparse.ArgumentParser:
    """Add the ``provenance`` subcommand (with the caller's parser class) and return it."""
    parser = subparsers.add_parser(
        "provenance", help="report credits, sources, identifiers and text shared between files",
        description="For each file: wire, contributor, dateline and photo credits, aggregators and publishers, "
                    "identifiers and a verdict (original, wire, aggregated, unknown); then the passages files share.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, directories (*.txt, *.md) or - for stdin; default: .")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    parser.add_argument("--against", action="append", metavar="PATH",
                        help="reference corpus (file or directory, repeatable) to look for shared text in")
    parser.add_argument("--min-words", type=int, default=None, metavar="N",
                        help="shortest shared passage to report, in words (default: 10)")
    parser.add_argument("--no-reuse", action="store_true", help="do not look for text shared between files")
    return parser


def run(args: argparse.Namespace) -> int:
    """Report on ``args.paths``; raise WirelintError for a usage error, return the exit code."""
    from ..config import Flags, build_settings
    from .output import format_json, format_text
    from .survey import ProvenanceRequest, report_provenance

    if args.min_words is not None and args.min_words < 1:
        raise WirelintError(f"--min-words must be at least 1, not {args.min_words}")
    settings = build_settings(args.paths or ["."], Flags(isolated=True))
    request = ProvenanceRequest(
        paths=tuple(args.paths or ["."]), against=tuple(args.against or ()), min_words=args.min_words,
        reuse=not args.no_reuse, include=settings.include,
    )
    outcome = report_provenance(request)
    if args.format == "json":
        sys.stdout.write(format_json(outcome.reports, outcome.reuse, outcome.errors))
    else:
        sys.stdout.write(format_text(outcome.reports, outcome.reuse))
    sys.stdout.flush()
    for line in outcome.errors:
        print(f"wirelint: {line}", file=sys.stderr)
    return EXIT_ERROR if outcome.errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``provenance`` alone (``python -m lint.provenance.cli [PATHS...] [options]``)."""
    parser = Parser(prog="wirelint")
    add_parser(parser.add_subparsers(dest="command", parser_class=Parser))
    args = parser.parse_args(["provenance", *(sys.argv[1:] if argv is None else argv)])
    return guarded(lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
