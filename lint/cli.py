"""The ``wirelint`` command line: parse arguments, run, print, choose the exit code."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from . import __version__
from .errors import WirelintError
from .finding import SEVERITIES, SEVERITY_RANK

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, like every other error
        self.exit(EXIT_ERROR, f"wirelint: error: {message}\n")


def _names(values: Sequence[str] | None) -> list[str]:
    return [name for value in values or () for name in value.split(",") if name.strip()]


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", default=[], metavar="PATH", help="extra rule pack file or directory (repeatable)")
    parser.add_argument("--no-builtin-rules", action="store_true", help="use only the packs given with --rules")
    parser.add_argument("--select", action="append", metavar="IDS", help="rule ids or pack names to run (comma separated)")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="rule ids or pack names to skip (comma separated)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wirelint", description="Find and fix scraper residue, translation artifacts and encoding damage in news articles.")
    parser.add_argument("--version", action="version", version=f"wirelint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="check article files (and fix them with --fix)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, directories (*.txt, *.md) or - for stdin; default: .")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    check.add_argument("--format", "--output-format", dest="format", choices=("text", "concise", "json"), default="text")
    check.add_argument("--severity", "--fail-on", dest="fail_on", choices=(*SEVERITIES, "never"), default="warning",
                       help="lowest severity that makes the run fail (default: warning)")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument("--stdin-filename", metavar="NAME", help="name to show for - (stdin)")
    _add_rule_options(check)

    rules = commands.add_parser("rules", help="list every rule with its severity and message")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    _add_rule_options(rules)

    rule = commands.add_parser("rule", help="explain one rule: description, severity, fix, examples")
    rule.add_argument("rule_id", metavar="ID")
    rule.add_argument("--rules", action="append", default=[], metavar="PATH")
    return parser


def _load(args: argparse.Namespace):
    from .packs import load_rules, select_rules

    rules = load_rules(args.rules, builtin=not getattr(args, "no_builtin_rules", False))
    return select_rules(rules, _names(getattr(args, "select", None)), _names(getattr(args, "ignore", None)))


def _run_check(args: argparse.Namespace) -> int:
    from .discover import discover
    from .formats import format_concise, format_json, summary
    from .runner import process_file

    rules = _load(args)
    paths = args.paths or ["."]
    found = discover(paths)
    errors = list(found.errors)
    findings, changed, fixed = [], 0, 0
    for path in found.files:
        display = args.stdin_filename if path == "-" and args.stdin_filename else None
        result = process_file(path, rules, fix=args.fix, unsafe=args.unsafe_fixes, diff=args.diff, display=display)
        if result.error:
            errors.append(result.error)
        findings.extend(result.findings)
        changed += result.changed
        fixed += result.fixed
        if result.diff:
            sys.stdout.write(result.diff)
        if result.fixed_bytes is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(result.fixed_bytes)
            sys.stdout.buffer.flush()
    for line in errors:
        print(f"wirelint: {line}", file=sys.stderr)
    writes_text = any(path == "-" for path in found.files) and args.fix
    if args.format == "json":
        sys.stdout.write(format_json(findings))
    elif not args.diff and not writes_text:
        sys.stdout.write(format_concise(findings))
        if not args.quiet:
            sys.stdout.write(summary(findings, len(found.files), fixed, changed))
    elif not args.quiet:
        sys.stderr.write(summary(findings, len(found.files), fixed, changed))
    if errors:
        return EXIT_ERROR
    failing = args.fail_on != "never" and any(
        SEVERITY_RANK[f.severity] >= SEVERITY_RANK[args.fail_on] for f in findings
    )
    return EXIT_FINDINGS if failing or changed else EXIT_OK


def _run_rules(args: argparse.Namespace) -> int:
    rules = _load(args)
    if args.format == "json":
        payload = [
            {"id": r.id, "kind": r.kind_name, "severity": r.severity, "message": r.message,
             "description": r.description, "fix": r.fix_applicability if r.fix_action else None}
            for r in rules
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        fix = f" [fix: {r.fix_applicability}]" if r.fix_action else ""
        print(f"{r.id:<{width}}  {r.severity:<7}  {r.message}{fix}")
    return EXIT_OK


def _run_rule(args: argparse.Namespace) -> int:
    from .packs import load_rules

    rules = {r.id: r for r in load_rules(args.rules)}
    rule = rules.get(args.rule_id)
    if rule is None:
        raise WirelintError(f"unknown rule {args.rule_id!r}; `wirelint rules` lists them")
    fix = f"{rule.fix_action} ({rule.fix_applicability})" if rule.fix_action else "none (report only)"
    lines = [
        f"{rule.id}  ({rule.kind_name}, {rule.severity})",
        "",
        rule.message,
        "",
        rule.description or "(no description)",
        "",
        f"Fix: {fix}",
        f"Defined at: {rule.source}",
        "",
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
        return _run_rule(args)
    except WirelintError as exc:
        print(f"wirelint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
