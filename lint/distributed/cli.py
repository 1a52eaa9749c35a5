"""``wirelint corpus check``: lint (and fix, and trace shared text across) a sharded JSONL
corpus on a Dask cluster.

The lead CLI adds it with ``add_parser(subparsers)`` and runs it with ``run(args)``. Dask
is imported only when the command runs, so other commands never pay for it. Outputs go
under ``--out``: ``findings/NAME`` (one JSON line per finding: the ``--format json-lines``
object plus ``shard`` and ``record``), ``fixed/NAME`` with ``--fix``, ``reuse/part-*.jsonl``
with ``--reuse``, ``templates.json`` with ``--learn-templates`` (the template lines
``templates_job`` learned), and ``summary.json``. Exit codes as ``wirelint check``: 0
nothing at or above ``--fail-on``, 1 findings (or records changed by ``--fix``), 2 a usage
error or a record or shard that could not be read (each printed as one line).
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from ..commandline import Parser, add_rule_options, flags_of, guarded
from ..errors import WirelintError
from ..exits import exit_code
DEFAULT_BLOCKSIZE = "64MiB"


def add_parser(subparsers: "argparse._SubParsersAction") -> argparse.ArgumentParser:
    """Add the ``corpus`` subcommand (with its ``check`` action) and return it."""
    from ..finding import SEVERITIES

    corpus = subparsers.add_parser(
        "corpus", help="lint a sharded JSONL corpus on a Dask cluster (pip install 'wirelint[dask]')",
        description="Work on a corpus of JSONL shards on a Dask cluster.",
    )
    actions = corpus.add_subparsers(dest="corpus_action", metavar="ACTION", parser_class=type(corpus))
    actions.required = True
    check = actions.add_parser(
        "check", help="check every record of the shards (and fix them, and find shared text)",
        description="Check every record of JSONL shards with the rules of `wirelint check`, on a Dask cluster; "
                    "write findings (and fixed shards, and shared text) under --out.",
    )
    check.add_argument("shards", nargs="+", metavar="SHARD", help="JSONL files or globs (local, or any URL fsspec reads)")
    run = check.add_argument_group("cluster")
    run.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786), or local (default)")
    run.add_argument("--workers", type=int, metavar="N", help="worker processes of the local cluster (default: the machine's cores)")
    run.add_argument("--blocksize", default=DEFAULT_BLOCKSIZE, metavar="SIZE",
                     help=f"cut larger shards into slices of about SIZE (default: {DEFAULT_BLOCKSIZE})")
    output = check.add_argument_group("output")
    output.add_argument("--out", required=True, metavar="DIR", help="folder (or URL) for findings, fixed shards and the summary")
    output.add_argument("--fix", action="store_true", help="write fixed shards to DIR/fixed (never in place)")
    output.add_argument("--unsafe-fixes", action="store_true", default=None, help="with --fix, apply unsafe fixes too")
    output.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false", help="never apply unsafe fixes")
    output.add_argument("--reuse", action="store_true", help="also find text shared between records (DIR/reuse)")
    learned = check.add_argument_group("template lines")
    learned.add_argument("--learn-templates", action="store_true",
                         help="learn the lines a source prints on many different records and flag them "
                              "(runs --reuse: copies of one story count once; writes DIR/templates.json)")
    learned.add_argument("--templates", metavar="FILE", help="flag the template lines of a saved templates file")
    learned.add_argument("--source-key", metavar="FIELD",
                         help="record field naming its source: template lines are counted per source and over the corpus")
    output.add_argument("--severity", "--fail-on", dest="fail_on", choices=(*SEVERITIES, "never"),
                        help="lowest severity that fails the run (default: warning)")
    output.add_argument("--quiet", "-q", action="store_true", help="no dashboard address, no progress")
    records = check.add_argument_group("records")
    records.add_argument("--text-key", default="text", help="record field holding the text (default: text)")
    records.add_argument("--id-key", default="id", help="record field holding the id (default: id)")
    selection = check.add_argument_group("rules")
    add_rule_options(selection)
    selection.add_argument("--rule-severity", action="append", metavar="ID=LEVEL", help="override a rule's severity")
    selection.add_argument("--per-file-ignores", action="append", metavar="GLOB:IDS",
                           help="ignore rules for matching records (matched against SHARD#ID)")
    return corpus


def _blocksize(value: str) -> int:
    from dask.utils import parse_bytes

    try:
        return int(parse_bytes(value))
    except (ValueError, TypeError):
        raise WirelintError(f"--blocksize {value!r}: give a size such as 64MiB or 100000000") from None


def _selection(args: argparse.Namespace, shards):
    """The run's settings and rule selection, resolved as ``wirelint check`` resolves them."""
    from dataclasses import replace

    from ..config import build_settings
    from ..pipeline import load_selection

    local = [shard.path for shard in shards if "://" not in shard.url]
    flags = replace(flags_of(args), include=None, exclude=None)
    settings = build_settings(local or ["."], flags)
    return settings, load_selection(settings)


def _watch(label: str, quiet: bool):
    """A function that waits for futures, drawing a progress line on a terminal."""
    from ..progress import Progress, wanted

    def watch(stage: str, futures: list) -> None:
        from dask.distributed import as_completed

        progress = Progress(len(futures), f"{stage} {label}") if wanted(quiet) else None
        try:
            for _ in as_completed(futures):
                if progress is not None:
                    progress.advance()
        finally:
            if progress is not None:
                progress.close()

    return watch


def _saved_templates(path: str | None):
    """The ``--templates FILE`` a run flags, or None."""
    if path is None:
        return None
    from ..provenance.templates import Templates
    from ..source import read_file

    data, _ = read_file(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise WirelintError(f"{path}: not a templates file (not UTF-8)") from None
    return Templates.from_json(text, path)


def _check_outputs(shards, out) -> None:
    """Refuse an --out that would overwrite one of the shards being read."""
    import os

    inputs = {os.path.normpath(shard.url) for shard in shards}
    for shard in shards:
        for target in (out.findings(shard), out.fixed(shard)):
            if os.path.normpath(target) in inputs:
                raise WirelintError(f"{shard.path}: --out {out.url} would overwrite it; choose another folder")


def run(args: argparse.Namespace) -> int:
    """Run ``corpus check``; raise WirelintError for a usage error, return the exit code."""
    try:
        return _run(args)
    except Exception as exc:
        if type(exc).__name__ == "KilledWorker":  # dask gave up: workers kept dying on one task
            raise WirelintError(f"Dask gave up on a task after the workers running it died: {exc}") from None
        raise


def _run(args: argparse.Namespace) -> int:
    from ..corpus import CorpusKeys
    from ..progress import wanted
    from .cluster import connect, dashboard
    from .lint_job import LintSpec, run_lint
    from .outputs import SUMMARY, OutDir, write_text
    from .report import CorpusSummary, closing_lines, summary_json
    from .shards import find_shards, measure, plan_slices

    if args.corpus_action != "check":
        raise WirelintError(f"unknown corpus action {args.corpus_action!r}")
    if args.learn_templates and args.templates:
        raise WirelintError("--learn-templates learns the template lines, --templates FILE reads them: give one")
    if args.source_key and not (args.learn_templates or args.templates):
        raise WirelintError("--source-key names the field template lines are counted by: give --learn-templates or --templates")
    templates = _saved_templates(args.templates)
    blocksize = _blocksize(args.blocksize)
    shards = find_shards(args.shards)
    settings, selection = _selection(args, shards)
    out = OutDir.of(args.out)
    _check_outputs(shards, out)
    keys = CorpusKeys(args.text_key, args.id_key)
    spec = LintSpec(out, keys, fix=args.fix, unsafe=bool(settings.unsafe_fixes), per_file_ignores=selection.per_file,
                    root=selection.root, template=selection.template)
    watch = _watch("partitions", args.quiet)
    reuse = learned = None
    with connect(args.scheduler, args.workers) as client:
        if not args.quiet:
            link = dashboard(client)
            if link:
                print(f"wirelint: Dask dashboard at {link}", file=sys.stderr)
        slices = plan_slices(shards, blocksize, lambda calls: client.gather(client.map(measure, *zip(*calls))))
        if args.reuse or args.learn_templates:
            from .reuse_job import run_reuse

            clusters: dict = {}
            reuse = run_reuse(client, slices, out, keys, watch=watch,
                              on_stories=lambda refs, labels: clusters.update(refs=refs, labels=labels)).as_dict()
        if args.learn_templates:
            templates, learned = _learn(client, slices, clusters, keys, args.source_key, out, watch)
        flagging = _flagging(templates, args.source_key, selection)
        progress = None
        if wanted(args.quiet):
            from ..progress import Progress

            progress = Progress(len(slices), "partitions checked")
        try:
            results = run_lint(client, slices, spec, selection.rules, progress.advance if progress else None, flagging)
        finally:
            if progress is not None:
                progress.close()
    summary = CorpusSummary(tuple(shards), tuple(results))
    write_text(out.join(SUMMARY), summary_json(summary.document(out, args.fix, reuse, learned)))
    sys.stdout.write(closing_lines(summary, args.fix, out, reuse, shards, learned))
    from ..report.command import write_corpus_page  # report.html beside summary.json

    sys.stdout.write(write_corpus_page(out.url) + "\n")
    sys.stdout.flush()
    problems = summary.problems
    for line in problems:
        print(f"wirelint: {line}", file=sys.stderr)
    return exit_code(len(problems), summary.tally, settings.fail_on, any(r.changed for r in results))


def _learn(client, slices, clusters: dict, keys, source_key: str | None, out, watch):
    """Learn the corpus's template lines and save them as ``DIR/templates.json``."""
    from .outputs import TEMPLATES, write_text
    from .templates_job import learn_templates

    templates, stats = learn_templates(client, slices, clusters["refs"], clusters["labels"], keys, source_key, watch=watch)
    write_text(out.join(TEMPLATES), templates.to_json())
    return templates, {**stats.as_dict(), "file": out.join(TEMPLATES)}


def _flagging(templates, source_key: str | None, selection):
    """What the lint pass needs to flag template lines, or None when there is nothing to flag."""
    if templates is None or not selection.template:
        return None
    from ..provenance.templates import RULE
    from .template_lint import TemplateLint

    return TemplateLint(templates, source_key, selection.severity_of(RULE, "warning"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``corpus`` alone (``python -m lint.distributed.cli check SHARDS... --out DIR``)."""
    parser = Parser(prog="wirelint")
    add_parser(parser.add_subparsers(dest="command", parser_class=Parser))
    args = parser.parse_args(["corpus", *(sys.argv[1:] if argv is None else argv)])
    return guarded(lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
