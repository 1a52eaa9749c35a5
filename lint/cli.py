"""The ``wirelint`` command line: parse arguments, run, print, choose the exit code."""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from fnmatch import fnmatch
from typing import Sequence, TextIO

from . import __version__
from .errors import WirelintError
from .finding import SEVERITIES
from .distributed import cli as distributed_cli
from .provenance import cli as provenance_cli
from .provenance import templates_cli

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMAT_CHOICES = ("full", "concise", "text", "json", "json-lines", "sarif", "github", "gitlab", "junit")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, like every other error
        self.exit(EXIT_ERROR, f"wirelint: error: {message}\n")


def _names(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", metavar="PATH", help="extra rule pack file or directory (repeatable)")
    parser.add_argument("--no-builtin-rules", action="store_true", help="use only the packs given with --rules")
    parser.add_argument("--select", action="append", metavar="IDS", help="rule ids or pack names to run (comma separated)")
    parser.add_argument("--extend-select", action="append", metavar="IDS", help="add to the selection")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="rule ids or pack names to skip (comma separated)")
    parser.add_argument("--config", metavar="PATH", help="config file (default: the closest wirelint.toml, .wirelint.yaml or pyproject.toml)")
    parser.add_argument("--isolated", action="store_true", help="ignore every config file")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wirelint", description="Find and fix scraper residue, translation artifacts and encoding damage in news articles.")
    parser.add_argument("--version", action="version", version=f"wirelint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

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
    selection = check.add_argument_group("rules and files")
    _add_rule_options(selection)
    selection.add_argument("--rule-severity", action="append", metavar="ID=LEVEL", help="override a rule's severity")
    selection.add_argument("--include", action="append", metavar="GLOB", help="file names to check in directories (default: *.txt, *.md)")
    selection.add_argument("--exclude", action="append", metavar="GLOB", help="paths to skip")
    selection.add_argument("--per-file-ignores", action="append", metavar="GLOB:IDS", help="ignore rules for matching files")
    selection.add_argument("--stdin-filename", metavar="NAME", help="name to show for - (stdin)")
    selection.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: the machine's cores)")
    baseline = check.add_argument_group("baseline")
    baseline.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in FILE")
    baseline.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0")
    corpus = check.add_argument_group("corpus (JSON Lines)")
    corpus.add_argument("--jsonl", action="store_true", help="PATHS are JSONL files, one article per record")
    corpus.add_argument("--text-key", default="text", help="record field holding the text (default: text)")
    corpus.add_argument("--id-key", default="id", help="record field holding the id (default: id)")
    reuse = check.add_argument_group("reuse between files")
    reuse.add_argument("--against", action="append", metavar="PATH",
                       help="reference corpus (file or folder, repeatable) to look for reused text in")

    rules = commands.add_parser("rules", help="list every rule with its severity and message")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    _add_rule_options(rules)

    rule = commands.add_parser("rule", help="explain one rule: description, severity, fix, examples")
    rule.add_argument("rule_id", metavar="ID")
    rule.add_argument("--rules", action="append", metavar="PATH")
    rule.add_argument("--format", choices=("text", "json"), default="text")

    provenance_cli.add_parser(commands)
    templates_cli.add_parser(commands)
    distributed_cli.add_parser(commands)
    return parser


def _config(args: argparse.Namespace):
    from .config import Config, load_config

    if getattr(args, "isolated", False):
        config = Config()
    else:
        config = load_config(getattr(args, "paths", None) or ["."], getattr(args, "config", None))
    overrides = {
        "select": _names(args.select),
        "ignore": _names(args.ignore),
        "extend_select": _names(getattr(args, "extend_select", None)),
        "rules": tuple(args.rules) if args.rules else None,
        "fail_on": getattr(args, "fail_on", None),
        "unsafe_fixes": getattr(args, "unsafe_fixes", None),
        "include": tuple(args.include) if getattr(args, "include", None) else None,
        "exclude": tuple(args.exclude) if getattr(args, "exclude", None) else None,
    }
    config = config.with_overrides(**overrides)
    severity = dict(config.severity)
    for item in getattr(args, "rule_severity", None) or ():
        rule_id, _, level = item.partition("=")
        if level not in SEVERITIES:
            raise WirelintError(f"--rule-severity {item!r}: give ID=LEVEL with LEVEL one of {', '.join(SEVERITIES)}")
        severity[rule_id] = level
    ignores = {glob: tuple(ids) for glob, ids in config.per_file_ignores.items()}
    for item in getattr(args, "per_file_ignores", None) or ():
        glob, _, ids = item.rpartition(":")
        if not glob or not ids:
            raise WirelintError(f"--per-file-ignores {item!r}: give GLOB:ID[,ID...]")
        ignores[glob] = tuple(i.strip() for i in ids.split(",") if i.strip())
    return replace(config, severity=severity, per_file_ignores=ignores)


REUSE_RULES = ("provenance/duplicate-article", "provenance/uncredited-reuse")


def _is_reuse_name(name: str) -> bool:
    return name.rstrip("/") in ("provenance", *REUSE_RULES)


def _load(config, no_builtin: bool):
    from .packs import load_rules, select_rules

    rules = load_rules(config.rules, builtin=not no_builtin)
    known = {rule.id for rule in rules} | set(REUSE_RULES)
    for rule_id in config.severity:
        if rule_id not in known:
            raise WirelintError(f"{config.path or 'command line'}: severity override for unknown rule {rule_id!r}")
    rules = [replace(r, severity=config.severity[r.id]) if r.id in config.severity else r for r in rules]
    select = config.select + config.extend_select if config.select else ()
    pack_select = [n for n in select if not _is_reuse_name(n)]
    if select and not pack_select:
        return []  # only the cross-file reuse rules were selected
    return select_rules(rules, pack_select, [n for n in config.ignore if not _is_reuse_name(n)])


def _reuse_rule_records(config) -> list:
    """The reuse rules as Rule records, for listing and explaining (they never run in the engine)."""
    from .engine import Rule
    from .provenance.vocab import load_vocabulary

    vocabulary = load_vocabulary()
    chosen = _reuse_rules(config)
    return [
        Rule(
            id=info.id, kind_name="reuse", kind=None, severity=config.severity.get(info.id, info.severity),
            message=info.message, description=info.description, source=f"{vocabulary.directory}/reuse.yaml",
        )
        for info in vocabulary.rules.values() if info.id in chosen
    ]


def _reuse_rules(config) -> set[str]:
    """The cross-file reuse rules this run selects (they live outside the packs' rule list)."""
    select = config.select + config.extend_select if config.select else ()
    chosen = set(REUSE_RULES)
    if select:
        chosen = {r for r in REUSE_RULES if any(n.rstrip("/") in ("provenance", r, "ALL", "all") for n in select)}
    return {r for r in chosen if not any(n.rstrip("/") in ("provenance", r) for n in config.ignore)}


def _ignored_for(path: str, ignores: dict) -> set[str]:
    found: set[str] = set()
    for glob, ids in ignores.items():
        if fnmatch(path, glob) or fnmatch(os.path.basename(path), glob):
            found.update(ids)
    return found


def _keep(rule_id: str, ignored: set[str]) -> bool:
    return not any(rule_id == name or rule_id.startswith(name.rstrip("/") + "/") for name in ignored)


def _color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _run_check(args: argparse.Namespace) -> int:
    from .baseline import Baseline, baseline_document
    from .formats import summary
    from .reporting import ReportWriter
    from .runner import Options

    config = _config(args)
    rules = _load(config, args.no_builtin_rules)
    fmt = "concise" if args.format == "text" else args.format
    options = Options(
        fix=args.fix, unsafe=config.unsafe_fixes, diff=args.diff,
        keep_lines=fmt in ("full", "junit"), fingerprints=bool(args.baseline or args.write_baseline),
    )
    files, errors, results = _results(args, config, rules, options)
    baseline = Baseline.read(args.baseline) if args.baseline else None
    out = open(args.output_file, "w", encoding="utf-8") if args.output_file else sys.stdout
    writes_text = args.fix and "-" in files
    report = ReportWriter(
        fmt, out, rules=rules, color=args.output_file is None and _color(sys.stdout),
        show_statistics=args.statistics, silent=bool(args.diff or writes_text or args.write_baseline),
        tool_version=__version__,
    )
    recorded: list = []
    changed = fixed = checked = 0
    for result in results:
        checked += 1
        if result.error:
            errors.append(result.error)
        ignored = _ignored_for(result.path, config.per_file_ignores)
        pairs = [(f, p) for f, p in zip(result.findings, result.fingerprints or [""] * len(result.findings)) if _keep(f.rule, ignored)]
        if args.write_baseline:
            recorded.extend(pairs)
        if baseline is not None:
            pairs = [(f, p) for f, p in pairs if not baseline.take(p)]
        changed += result.changed
        fixed += result.fixed
        if result.diff:
            out.write(result.diff)
        if result.fixed_bytes is not None:
            out.flush()
            sys.stdout.buffer.write(result.fixed_bytes)
            sys.stdout.buffer.flush()
        report.add([f for f, _ in pairs], {result.path: result.lines} if result.lines is not None else None)
    reuse = _reuse_rules(config)
    if reuse and not args.jsonl and (len(files) > 1 or args.against):
        report.add(_reuse_findings(files, args.against, reuse, config, errors))
    for line in errors:
        print(f"wirelint: {line}", file=sys.stderr)
    if args.write_baseline:
        with open(args.write_baseline, "w", encoding="utf-8") as handle:
            handle.write(baseline_document(recorded))
        if not args.quiet:
            print(f"Wrote {len(recorded)} finding(s) to baseline {args.write_baseline}.", file=sys.stderr)
        return EXIT_ERROR if errors else EXIT_OK
    report.finish(checked)
    if not args.quiet:
        to = out if fmt in ("full", "concise") and not (writes_text or args.diff or args.statistics) else sys.stderr
        to.write(summary(report.counts, checked, fixed, changed))
        if errors:
            to.write(f"{len(errors)} error{'s' if len(errors) != 1 else ''}: some paths could not be checked (see above).\n")
        if baseline is not None and baseline.unmatched():
            stale = baseline.unmatched()
            to.write(f"{stale} baseline entr{'y' if stale == 1 else 'ies'} no longer match; "
                     f"rewrite it with --write-baseline {baseline.path}\n")
    if out is not sys.stdout:
        out.close()
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.fails(config.fail_on) or changed else EXIT_OK


def _results(args: argparse.Namespace, config, rules, options):
    """The files to check, the errors found so far, and an iterator of their results."""
    from .corpus import CorpusKeys, process_jsonl
    from .discover import discover
    from .progress import Progress, wanted
    from .runner import default_jobs, process_files

    if args.jsonl and (args.diff or "-" in args.paths):
        raise WirelintError("--jsonl reads JSONL files: --diff and - (stdin) do not apply")
    paths = args.paths or ["."]
    if args.jsonl:
        missing = [p for p in paths if not os.path.isfile(p)]
        if missing:
            raise WirelintError(f"{missing[0]}: no such JSONL file")
        files, errors = list(paths), []
        keys = CorpusKeys(args.text_key, args.id_key)
        results = (result for path in files for result in process_jsonl(path, rules, options, keys))
    else:
        found = discover(paths, config.include, config.exclude)
        files, errors = found.files, list(found.errors)
        jobs = args.jobs if args.jobs is not None else default_jobs()
        results = process_files(files, rules, options, max(jobs, 1))
    if wanted(args.quiet) and (args.jsonl or len(files) > 20):
        results = _with_progress(results, Progress(0, "records") if args.jsonl else Progress(len(files)))
    return files, errors, results


def _with_progress(results, progress):
    try:
        for result in results:
            yield result
            progress.advance()
    finally:
        progress.close()


def _reuse_findings(paths: Sequence[str], against, chosen: set[str], config, errors: list[str]):
    """Cross-file reuse findings for the checked files (read again: after --fix, as fixed)."""
    from .provenance.checks import file_reuse_findings

    findings = file_reuse_findings(paths, against, errors=errors)
    # A passage syndicated to many files is one finding per place, not one per other file.
    merged: dict[tuple, list] = {}
    for f in findings:
        if f.rule in chosen and _keep(f.rule, _ignored_for(f.path, config.per_file_ignores)):
            merged.setdefault((f.path, f.rule, f.start, f.end), []).append(f)
    return [
        replace(
            group[0], severity=config.severity.get(group[0].rule, group[0].severity),
            message=group[0].message + (f" (and {len(group) - 1} more files)" if len(group) > 1 else ""),
        )
        for group in merged.values()
    ]


def _rule_record(rule) -> dict:
    return {
        "id": rule.id, "pack": rule.pack, "kind": rule.kind_name, "severity": rule.severity,
        "message": rule.message, "description": rule.description,
        "fix": {"action": rule.fix_action, "applicability": rule.fix_applicability} if rule.fix_action else None,
        "where": {"first": rule.first} if rule.first else ({"last": rule.last} if rule.last else None),
        "examples": {
            "match": [{"text": e.text, "fixed": e.fixed} for e in rule.matches],
            "no_match": list(rule.non_matches),
        },
        "source": rule.source,
    }


def rules_markdown(rules) -> str:
    """The README's rule reference: one table row per rule, generated so it cannot drift."""
    rows = ["| rule | severity | fix | what it reports |", "|---|---|---|---|"]
    for r in rules:
        fix = r.fix_applicability if r.fix_action else "—"
        where = f" (first {r.first} lines)" if r.first else (f" (last {r.last} lines)" if r.last else "")
        message = r.message.replace("|", "\\|")
        rows.append(f"| `{r.id}` | {r.severity} | {fix} | {message}{where} |".replace("\n", " "))
    return "\n".join(rows) + "\n"


def _run_rules(args: argparse.Namespace) -> int:
    config = _config(args)
    rules = sorted([*_load(config, args.no_builtin_rules), *_reuse_rule_records(config)], key=lambda r: r.id)
    if args.format == "json":
        print(json.dumps([_rule_record(r) for r in rules], indent=2, ensure_ascii=False))
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
    from .packs import load_rules

    from .config import Config

    rules = {r.id: r for r in [*load_rules(args.rules or ()), *_reuse_rule_records(Config())]}
    rule = rules.get(args.rule_id)
    if rule is None:
        raise WirelintError(f"unknown rule {args.rule_id!r}; `wirelint rules` lists them")
    if args.format == "json":
        print(json.dumps(_rule_record(rule), indent=2, ensure_ascii=False))
        return EXIT_OK
    fix = f"{rule.fix_action} ({rule.fix_applicability})" if rule.fix_action else "none (report only)"
    where = f"first {rule.first} non-blank lines" if rule.first else (f"last {rule.last} non-blank lines" if rule.last else "anywhere")
    lines = [
        f"{rule.id}  ({rule.kind_name}, {rule.severity})",
        "",
        rule.message,
        "",
        rule.description or "(no description)",
        "",
        f"Fix: {fix}",
        f"Where: {where}",
        f"Defined at: {rule.source}",
        "",
    ]
    if rule.kind_name == "reuse":
        lines.append("Runs across files: in `wirelint check` with more than one file or --against.")
    else:
        lines += [
            "Matches:",
            *(f"  {ex.text!r}" + (f"  ->  {ex.fixed!r}" if ex.fixed is not None else "") for ex in rule.matches),
            "Does not match:",
            *(f"  {text!r}" for text in rule.non_matches),
        ]
    print("\n".join(lines))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run wirelint; return the exit code (0 clean, 1 findings or changes, 2 errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "check":
            return _run_check(args)
        if args.command == "rules":
            return _run_rules(args)
        if args.command == "provenance":
            return provenance_cli.run(args)
        if args.command == "templates":
            return templates_cli.run(args)
        if args.command == "corpus":
            return distributed_cli.run(args)
        return _run_rule(args)
    except WirelintError as exc:
        print(f"wirelint: {' '.join(str(exc).splitlines())}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
