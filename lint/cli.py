"""The ``wirelint`` command line: parse arguments, run, print, choose the exit code."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from importlib import import_module
from typing import Sequence, TextIO

from .commandline import Parser, add_rule_options, flags_of, guarded
from .errors import WirelintError
from .exits import EXIT_ERROR, EXIT_OK, exit_code
from .finding import SEVERITIES
from .version import __version__

FORMAT_CHOICES = ("full", "concise", "text", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html")


# The commands other modules define, by name: the module whose add_parser and run they are.
_OTHER_COMMANDS = {
    "provenance": ".provenance.cli", "templates": ".provenance.templates_cli",
    "corpus": ".distributed.cli", "report": ".report.command",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``wirelint`` parser; with ``command``, only that command's sub-parser (what parsing
    its arguments needs: a one-file check does not build, or import, the other commands)."""
    parser = Parser(prog="wirelint", description="Find and fix scraper residue, translation artifacts and encoding damage in news articles.")
    parser.add_argument("--version", action="version", version=f"wirelint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    wanted = (lambda name: True) if command is None else (lambda name: name == command)
    if wanted("check"):
        _add_check(commands)
    if wanted("rules"):
        rules = commands.add_parser("rules", help="list every rule with its severity and message")
        rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
        add_rule_options(rules)
    if wanted("rule"):
        rule = commands.add_parser("rule", help="explain one rule: description, severity, fix, examples")
        rule.add_argument("rule_id", metavar="ID")
        rule.add_argument("--rules", action="append", metavar="PATH")
        rule.add_argument("--format", choices=("text", "json"), default="text")
    for name, module in _OTHER_COMMANDS.items():
        if wanted(name):
            import_module(module, __package__).add_parser(commands)
    return parser


def _add_check(commands) -> None:
    check = commands.add_parser("check", help="check article files (and fix them with --fix)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or - for stdin; default: .")
    fixing = check.add_argument_group("fixing")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    fixing.add_argument("--unsafe-fixes", action="store_true", default=None, help="with --fix or --diff, apply unsafe fixes too")
    fixing.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false", help="never apply unsafe fixes")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    output = check.add_argument_group("output")
    output.add_argument("--format", "--output-format", dest="format", choices=FORMAT_CHOICES, default="full",
                        help="report format (default: full; text is concise)")
    output.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE")
    output.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    output.add_argument("--severity", "--fail-on", dest="fail_on", choices=(*SEVERITIES, "never"),
                        help="lowest severity that fails the run (default: warning)")
    output.add_argument("--quiet", "-q", action="store_true", help="findings only: no summary, no progress")
    output.add_argument("--verbose", "-v", action="store_true",
                        help="also say on stderr how the rules run (the prefilter on, or why it is off)")
    selection = check.add_argument_group("rules and files")
    add_rule_options(selection)
    selection.add_argument("--rule-severity", action="append", metavar="ID=LEVEL", help="override a rule's severity")
    selection.add_argument("--include", action="append", metavar="GLOB", help="file names to check in directories (default: *.txt, *.md)")
    selection.add_argument("--exclude", action="append", metavar="GLOB", help="paths to skip")
    selection.add_argument("--per-file-ignores", action="append", metavar="GLOB:IDS", help="ignore rules for matching files")
    selection.add_argument("--stdin-filename", metavar="NAME",
                           help="path that - (stdin) stands for: shown, and used for per-file ignores and the config lookup")
    selection.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: the machine's cores, at most 32)")
    baseline = check.add_argument_group("baseline")
    baseline.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in FILE")
    baseline.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0")
    corpus = check.add_argument_group("corpus (JSON Lines)")
    corpus.add_argument("--jsonl", action="store_true", help="PATHS are JSONL files, one article per record")
    corpus.add_argument("--text-key", default="text", help="record field holding the text (default: text)")
    corpus.add_argument("--id-key", default="id", help="record field holding the id (default: id)")
    corpus.add_argument("--source-key", metavar="FIELD", help="record field naming the record's source, for template lines")
    templates = check.add_argument_group("template lines")
    templates.add_argument("--templates", metavar="FILE", help="also flag the lines of a saved templates file (wirelint templates learn)")
    templates.add_argument("--template-source", metavar="HOW",
                           help="which files share a template: folder (default), none, or pattern:REGEX on the path")
    reuse = check.add_argument_group("reuse between files")
    reuse.add_argument("--against", action="append", metavar="PATH",
                       help="reference corpus (file or folder, repeatable) to look for reused text in")


def _settings(args: argparse.Namespace):
    from .config import build_settings

    return build_settings(getattr(args, "paths", None) or ["."], flags_of(args), getattr(args, "stdin_filename", None))


def _color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _check_options(args: argparse.Namespace):
    from .jsonl import CorpusKeys
    from .pipeline import CheckOptions

    if args.jobs is not None and args.jobs < 1:
        raise WirelintError(f"--jobs must be at least 1, not {args.jobs}")
    if args.source_key and not args.jsonl:
        raise WirelintError("--source-key names a JSONL record field: it needs --jsonl (files take --template-source)")
    return CheckOptions(
        fix=args.fix, diff=args.diff, keep_lines=args.format in ("full", "junit", "html"), jsonl=args.jsonl,
        keys=CorpusKeys(args.text_key, args.id_key, args.source_key), against=tuple(args.against or ()), jobs=args.jobs,
        stdin_name=args.stdin_filename, baseline=args.baseline, write_baseline=args.write_baseline,
        templates=args.templates,
    )


def _run_check(args: argparse.Namespace) -> int:
    from .pipeline import CheckRun
    from .targets import check_target, refuse_inputs

    gc.disable()  # loading makes many objects and no garbage: nothing for the collector to find yet
    try:
        run = CheckRun(_settings(args), args.paths, _check_options(args))
    finally:
        gc.enable()
    gc.freeze()  # the modules and rules live as long as the run: collections (and forked workers) skip them
    if args.verbose:
        _say_how_rules_run(len(run.selection.rules))
    refuse_inputs(args.output_file, "-o", run.files)
    refuse_inputs(args.write_baseline, "--write-baseline", run.files)
    if args.write_baseline:
        check_target(args.write_baseline, "baseline")
    out = _report_target(args.output_file)
    try:
        code = _report_run(args, run, out)
        if out is not sys.stdout:
            out.commit()
    finally:
        if out is not sys.stdout:
            out.discard()
    return code


def _say_how_rules_run(rules: int) -> None:
    """One line on stderr: the prefilter is on, or why every rule runs on every document."""
    from .prefilter import unavailable

    why_not = unavailable()
    print(f"wirelint: {rules} rules; {why_not or 'the prefilter is on (google-re2)'}", file=sys.stderr)


def _report_target(path: str | None):
    from .targets import OutputFile

    if path is None or path == "-":
        return sys.stdout
    return OutputFile(path, "report")


def _report_run(args: argparse.Namespace, run, out) -> int:
    """Write the results of ``run`` as they come, then the summary; return the exit code."""
    from .reporting import ReportWriter

    fmt = "concise" if args.format == "text" else args.format
    writes_text = args.fix and "-" in run.files
    report = ReportWriter(
        fmt, out, rules=run.selection.rules, color=out is sys.stdout and _color(sys.stdout),
        show_statistics=args.statistics, silent=bool(args.diff or writes_text or args.write_baseline),
        tool_version=__version__,
    )
    run.render = report.file_renderer()
    for result in _with_progress(run, args):
        if result.diff:
            out.write(result.diff)
        if result.fixed_bytes is not None:
            _write_bytes(out, result.fixed_bytes)
        report.add_result(result)
    if fmt == "html" and run.reuse_checked:  # the page draws the pairs behind the reuse findings
        from .report.live import reuse_pairs

        report.context["reuse"] = reuse_pairs(report.lines, run.options.against)
    summary = run.summary
    for line in summary.errors:
        print(f"wirelint: {line}", file=sys.stderr)
    if args.write_baseline:
        return _write_baseline(args, summary)
    report.finish(summary.checked)
    if not args.quiet:
        to = out if fmt in ("full", "concise") and not (writes_text or args.diff or args.statistics) else sys.stderr
        to.write(_closing(summary, report.counts, args))
    return exit_code(len(summary.errors), report.counts, run.settings.fail_on, summary.changed > 0)


def _write_bytes(out, data: bytes) -> None:
    out.flush()
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        raise WirelintError("-: standard output is closed")
    stream.write(data)
    stream.flush()


def _closing(summary, counts, args: argparse.Namespace) -> str:
    from .formats import summary as summary_line

    fixed, changed = (0, 0) if args.diff else (summary.fixed, summary.changed)
    lines = [summary_line(counts, summary.checked, fixed, changed)]
    if args.diff and summary.changed:
        lines.append(f"The diff fixes {summary.fixed} problem{'s' if summary.fixed != 1 else ''} "
                     f"in {summary.changed} file{'s' if summary.changed != 1 else ''}; nothing was written.\n")
    if summary.errors:
        count = len(summary.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''}: some paths could not be checked (see above).\n")
    if summary.stale:
        lines.append(f"{summary.stale} baseline entr{'y' if summary.stale == 1 else 'ies'} no longer match; "
                     f"rewrite it with --write-baseline {args.baseline}\n")
    return "".join(lines)


def _write_baseline(args: argparse.Namespace, summary) -> int:
    from .baseline import baseline_document
    from .targets import write_whole

    write_whole(args.write_baseline, "baseline", baseline_document(summary.recorded))
    if not args.quiet:
        print(f"Wrote {len(summary.recorded)} finding(s) to baseline {args.write_baseline}.", file=sys.stderr)
    return EXIT_ERROR if summary.errors else EXIT_OK


def _with_progress(run, args: argparse.Namespace):
    from .progress import Progress, wanted

    results = run.results()
    if not (wanted(args.quiet) and (args.jsonl or len(run.files) > 20)):
        yield from results
        return
    progress = Progress(0, "records") if args.jsonl else Progress(len(run.files))
    try:
        for result in results:
            yield result
            progress.advance()
    finally:
        progress.close()


def _run_rules(args: argparse.Namespace) -> int:
    import json

    from .formats.catalogue import rule_record, rules_markdown
    from .pipeline import load_selection, reuse_rule_records

    selection = load_selection(_settings(args))
    rules = sorted([*selection.rules, *reuse_rule_records(selection)], key=lambda r: r.id)
    if args.format == "json":
        print(json.dumps([rule_record(r) for r in rules], indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.format == "markdown":
        sys.stdout.write(rules_markdown(rules))
        return EXIT_OK
    width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        fix = f" [fix: {r.fix_applicability}]" if r.fix_action else ""
        print(f"{r.id:<{width}}  {r.severity:<7}  {r.message}{fix}")
    return EXIT_OK


def _run_rule(args: argparse.Namespace) -> int:
    import json

    from .config import Flags, build_settings
    from .formats.catalogue import explain_rule, rule_record
    from .pipeline import load_selection, reuse_rule_records

    settings = build_settings(["."], Flags(rules=tuple(args.rules) if args.rules else None, isolated=True))
    selection = load_selection(settings)  # isolated, nothing selected away: every rule
    found = {r.id: r for r in [*selection.rules, *reuse_rule_records(selection)]}
    rule = found.get(args.rule_id)
    if rule is None:
        raise WirelintError(f"unknown rule {args.rule_id!r}; `wirelint rules` lists them")
    if args.format == "json":
        print(json.dumps(rule_record(rule), indent=2, ensure_ascii=False))
    else:
        print("\n".join(explain_rule(rule)))
    return EXIT_OK


COMMANDS = {"check": _run_check, "rules": _run_rules, "rule": _run_rule}


def _command(name: str):
    """The function that runs the command ``name``."""
    if name in COMMANDS:
        return COMMANDS[name]
    return import_module(_OTHER_COMMANDS[name], __package__).run


def main(argv: Sequence[str] | None = None) -> int:
    """Run wirelint; return the exit code (0 clean, 1 findings or changes, 2 errors, 130 interrupted)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    named = argv[0] if argv and (argv[0] in COMMANDS or argv[0] in _OTHER_COMMANDS) else None
    parser = build_parser(named)  # any other first word (an option, a typo): every command, for help and errors
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    return guarded(lambda: _command(args.command)(args))


if __name__ == "__main__":
    sys.exit(main())
