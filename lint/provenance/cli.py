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
from dataclasses import replace
from typing import Sequence

from ..errors import WirelintError

EXIT_OK, EXIT_ERROR = 0, 2


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


def _read(path: str) -> str:
    from ..source import decode_article, read_file

    if path == "-":
        return decode_article(sys.stdin.buffer.read(), "-").text
    data, _ = read_file(path)
    return decode_article(data, path).text


def run(args: argparse.Namespace) -> int:
    """Report on ``args.paths``; raise WirelintError for a usage error, return the exit code."""
    from ..discover import discover
    from .output import format_json, format_text
    from .report import analyze
    from .reuse import ReuseSettings, Source, corpus_sources, find_reuse
    from .vocab import load_vocabulary

    settings = ReuseSettings()
    if args.min_words is not None:
        if args.min_words < 1:
            raise WirelintError(f"--min-words must be at least 1, not {args.min_words}")
        settings = replace(settings, min_passage_words=args.min_words)
    vocabulary = load_vocabulary()
    found = discover(args.paths or ["."])
    errors = list(found.errors)
    reports, texts = [], []
    for path in found.files:
        try:
            text = _read(path)
            reports.append(analyze(text, path, vocabulary))
        except WirelintError as exc:
            message = str(exc)
            errors.append(message if message.startswith(path) else f"{path}: {message}")
            continue
        texts.append((path, text))
    result = None
    if not args.no_reuse and texts and (len(texts) > 1 or args.against):
        references = corpus_sources(args.against or (), errors, skip=[path for path, _ in texts])
        result = find_reuse([*(Source.of(path, text) for path, text in texts), *references], settings)
        errors.extend(result.errors)
    if args.format == "json":
        sys.stdout.write(format_json(reports, result, errors))
    else:
        sys.stdout.write(format_text(reports, result))
    sys.stdout.flush()
    for line in errors:
        print(f"wirelint: {line}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``provenance`` alone (``python -m lint.provenance.cli [PATHS...] [options]``), through the one wirelint CLI."""
    from ..cli import main as wirelint

    return wirelint(["provenance", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
