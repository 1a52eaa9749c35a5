"""``wirelint templates learn PATHS -o FILE``: learn the template lines of a batch and save them.

The lead CLI adds it with ``add_parser(subparsers)`` and runs it with ``run(args)``; the
saved file is what ``check --templates FILE`` reads (``templates.Templates.from_json``).
Each file's source is named as ``check`` names it (``template-source`` in the config or
``--template-source``: its folder by default), so a saved file's per-source counts apply
to the same files in a later ``check --templates``; ``--batch-only`` counts the whole
batch as one group. Exit codes: 0 written, 2 when a path could not be read.
"""
from __future__ import annotations

import argparse
import sys

from ..errors import WirelintError

EXIT_OK, EXIT_ERROR = 0, 2


def add_parser(subparsers: "argparse._SubParsersAction") -> argparse.ArgumentParser:
    parser = subparsers.add_parser("templates", help="learn the lines a source's page template prints on every article")
    actions = parser.add_subparsers(dest="templates_command", required=True)
    learn = actions.add_parser("learn", help="count lines over a batch and save the frequent ones")
    learn.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders (a folder per source)")
    learn.add_argument("-o", "--output", required=True, metavar="FILE", help="templates file to write (JSON)")
    learn.add_argument("--min-articles", type=int, default=None, metavar="K",
                       help="distinct articles a line must be on (default 3)")
    learn.add_argument("--batch-only", action="store_true", help="do not count per source (same as --template-source none)")
    learn.add_argument("--template-source", metavar="HOW",
                       help="which files share a template: folder (default), none, or pattern:REGEX on the path")
    learn.add_argument("--config", metavar="PATH", help="config file (default: the closest one)")
    learn.add_argument("--isolated", action="store_true", help="ignore every config file")
    return parser


def run(args: argparse.Namespace) -> int:
    """Learn from ``args.paths`` and write ``args.output``; raise WirelintError for a usage error."""
    from ..config import Flags, build_settings
    from ..discover import discover
    from .templates import TemplateSettings
    from .templates_check import learn_files, path_source

    settings = TemplateSettings()
    if args.min_articles is not None:
        if args.min_articles < 2:
            raise WirelintError(f"--min-articles must be at least 2, not {args.min_articles}")
        settings = TemplateSettings(min_articles=args.min_articles)
    config = build_settings(list(args.paths), Flags(
        template_source="none" if args.batch_only else args.template_source, config=args.config, isolated=args.isolated))
    found = discover(list(args.paths), config.include, config.exclude)
    errors = list(found.errors)
    files = [path for path in found.files if path != "-"]
    templates, clusters = learn_files(files, path_source(config.template_source, config.root), settings, errors)
    try:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(templates.to_json())
    except OSError as exc:
        raise WirelintError(f"{args.output}: cannot write ({exc.strerror})") from None
    print(f"{len(templates.lines)} template line{'s' if len(templates.lines) != 1 else ''} "
          f"from {len(files)} files ({clusters} {'story' if clusters == 1 else 'stories'} with copies, each counted once) written to {args.output}")
    for line in errors:
        print(f"wirelint: {line}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK
