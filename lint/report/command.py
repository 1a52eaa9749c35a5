"""``wirelint report RESULTS``: the HTML page of a batch from results saved earlier.

RESULTS is a ``wirelint check --format json`` report or a ``wirelint corpus check --out``
folder. The CLI adds the command with ``add_parser(subparsers)`` and runs it with
``run(args)``; ``write_corpus_page`` is what ``corpus check`` calls to leave
``report.html`` in its ``--out`` folder.
"""
from __future__ import annotations

import argparse
import os
import sys

from ..errors import WirelintError

PAGE = "report.html"


def add_parser(subparsers: "argparse._SubParsersAction") -> argparse.ArgumentParser:
    """Add the ``report`` subcommand and return it."""
    parser = subparsers.add_parser(
        "report", help="draw the HTML report of saved results (pip install 'wirelint[report]')",
        description="Draw one self-contained HTML page from a wirelint check --format json report "
                    "or a wirelint corpus check --out folder.",
    )
    parser.add_argument("results", metavar="RESULTS", help="a --format json report, or a corpus check --out folder")
    parser.add_argument("-o", "--output-file", metavar="FILE",
                        help=f"write the page to FILE (default: standard output; for a folder, FOLDER/{PAGE})")
    parser.add_argument("--provenance", metavar="FILE", help="a wirelint provenance --format json file: its reuse pairs or clusters")
    parser.add_argument("--templates", metavar="FILE", help="a saved templates file: its template lines and counts")
    parser.add_argument("--title", help="the page's title")
    parser.add_argument("--text-key", default="text", help="record field holding the text, for JSONL records (default: text)")
    parser.add_argument("--id-key", default="id", help="record field holding the id (default: id)")
    return parser


def _inputs(args: argparse.Namespace):
    from ..corpus import CorpusKeys
    from .saved import from_corpus_folder, from_json_report, provenance_extras, templates_from_json

    keys = CorpusKeys(args.text_key, args.id_key)
    if os.path.isdir(args.results):
        inputs = from_corpus_folder(args.results, keys)
    elif os.path.isfile(args.results):
        inputs = from_json_report(args.results, keys)
    else:
        raise WirelintError(f"{args.results}: no such report file or folder")
    if args.provenance:
        pairs, clusters = provenance_extras(args.provenance)
        inputs.pairs = pairs if pairs is not None else inputs.pairs
        inputs.clusters = clusters
    if args.templates:
        inputs.templates = templates_from_json(args.templates)
    if args.title:
        inputs.title = args.title
    return inputs


def _write(path: str | None, page: str) -> None:
    if path is None:
        sys.stdout.write(page)
        return
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(page)
    except OSError as exc:
        raise WirelintError(f"{path}: cannot write: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    """Draw the page; 0 when it was written (a report's findings do not fail this command)."""
    from .. import __version__
    from .build import build_batch
    from .page import render_page

    inputs = _inputs(args)
    inputs.tool_version = __version__
    page = render_page(build_batch(inputs))
    target = args.output_file or (os.path.join(args.results, PAGE) if os.path.isdir(args.results) else None)
    _write(target, page)
    if target is not None:
        print(f"Wrote {target}.", file=sys.stderr)
    return 0


def write_corpus_page(folder: str) -> str:
    """Leave ``report.html`` in a local ``corpus check --out`` folder; the line that says so
    (or why there is none: the report extra is not installed, or the folder is not local)."""
    from .. import __version__
    from .build import build_batch
    from .page import render_page
    from .saved import from_corpus_folder

    if "://" in folder:
        return f"No {PAGE}: --out is not a local folder (run wirelint report on a copy of it)."
    try:
        inputs = from_corpus_folder(folder)
        inputs.tool_version = __version__
        page = render_page(build_batch(inputs))
        target = os.path.join(folder, PAGE)
        _write(target, page)
    except WirelintError as exc:
        return f"No {PAGE}: {exc}."
    return f"Report page in {target}."
