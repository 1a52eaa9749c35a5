"""One check run, from settings and paths to a stream of results and a summary:
discover the files, load and select the rules, process each file (check, fix, diff),
find reuse across files, and apply the baseline. No printing here: the caller writes
the results and picks the exit code (``lint.exits``).

``check``, ``check --jsonl`` and the public API go through ``CheckRun``; ``provenance``
and ``corpus check`` use the same settings, selection and readers.
"""
from __future__ import annotations

import os
from .structs import dataclass, field, replace
from typing import TYPE_CHECKING, Iterator, Sequence

from .config import Settings
from .discover import discover
from .engine import Rule
from .errors import WirelintError
from .finding import Finding
from .jsonl import CorpusKeys
from .runner import FileResult, Options, default_jobs, parallel_jobs, process_files
from .selection import Selection, select

if TYPE_CHECKING:
    from .baseline import Baseline
    from .provenance.templates import Templates


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What ``check`` does with each file, besides the rule settings."""

    fix: bool = False
    diff: bool = False
    keep_lines: bool = False
    jsonl: bool = False
    keys: CorpusKeys = CorpusKeys()
    against: tuple[str, ...] = ()
    jobs: int | None = None
    stdin_name: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    templates: str | None = None  # a saved templates file (``wirelint templates learn``)


@dataclass(slots=True)
class Summary:
    """What a run did, complete once its results were all read."""

    checked: int = 0
    fixed: int = 0
    changed: int = 0
    errors: list[str] = field(default_factory=list)
    recorded: list[tuple[Finding, str]] = field(default_factory=list)
    stale: int = 0


def load_selection(settings: Settings) -> Selection:
    """Load the packs ``settings`` name and select from them."""
    from .packs import load_rules

    return select(settings, load_rules(settings.rules, builtin=settings.builtin_rules))


def reuse_rule_records(selection: Selection) -> list[Rule]:
    """The reuse rules as Rule records, for listing and explaining (they never run in the engine)."""
    from .provenance.vocab import load_vocabulary

    vocabulary = load_vocabulary()
    return [
        Rule(
            id=info.id, kind_name="reuse", kind=None, severity=selection.severity_of(info.id, info.severity),
            message=info.message, description=info.description, source=f"{vocabulary.directory}/reuse.yaml",
        )
        for info in vocabulary.rules.values() if info.id in selection.reuse
    ] + _template_rule_records(selection)


def _template_rule_records(selection: Selection) -> list[Rule]:
    """``residue/template-line`` as a Rule record, for listing and explaining (its lines come with a run)."""
    if not selection.template:
        return []
    from .provenance.templates import RULE, Templates
    from .provenance.templates_check import template_rule

    return [template_rule(Templates({}), severity=selection.severity_of(RULE, "warning"))]


def _inputs(settings: Settings, paths: Sequence[str], options: CheckOptions) -> tuple[list[str], list[str]]:
    """The files to check and the problems found on the way."""
    if options.jsonl:
        if options.diff or "-" in paths:
            raise WirelintError("--jsonl reads JSONL files: --diff and - (stdin) do not apply")
        missing = [p for p in paths if not os.path.isfile(p)]
        if missing:
            raise WirelintError(f"{missing[0]}: no such JSONL file")
        return _unique(paths), []
    found = discover(list(paths), settings.include, settings.exclude)
    return found.files, list(found.errors)


def _unique(paths: Sequence[str]) -> list[str]:
    """``paths`` without a second spelling of a file already listed."""
    seen: set[str] = set()
    kept = []
    for path in paths:
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


class CheckRun:
    """A ``check`` run: ``files`` and ``errors`` are known at once, ``results()`` does the work."""

    def __init__(self, settings: Settings, paths: Sequence[str], options: CheckOptions = CheckOptions()) -> None:
        self.settings, self.options = settings, options
        self.files, errors = _inputs(settings, list(paths) or ["."], options)
        self.selection = load_selection(settings)
        if options.stdin_name:
            self.selection = replace(self.selection, stdin_name=options.stdin_name)
        self.baseline = _read_baseline(options.baseline) if options.baseline else None
        self.saved_templates = _saved_templates(options.templates) if options.templates and self.selection.template else None
        self.summary = Summary(errors=errors)
        self._reuse = None  # a reuse pass found before checking, kept for the reuse findings
        # Set by a caller that streams a report (``ReportWriter.file_renderer``): each file's
        # findings are then written where it was checked, and its FileResult carries that text.
        self.render = None
        recording = options.baseline or options.write_baseline
        root = os.path.dirname(os.path.abspath(options.write_baseline or options.baseline)) if recording else None
        self.process_options = Options(
            fix=options.fix, unsafe=settings.unsafe_fixes, diff=options.diff, keep_lines=options.keep_lines,
            fingerprints=bool(recording), baseline_root=root, stdin_name=options.stdin_name,
        )

    def _jobs(self) -> int:
        return max(self.options.jobs if self.options.jobs is not None else default_jobs(), 1)

    def _learn_jobs(self) -> int:
        """Worker processes for the template pass of files (1: in this process), as many
        as the check of the files gets (``runner.parallel_jobs``)."""
        return parallel_jobs(self._jobs(), [path for path in self.files if path != "-"])

    def _raw_results(self) -> Iterator[FileResult]:
        if self.options.jsonl:
            from .corpus import process_jsonl

            for path in self.files:
                yield from process_jsonl(path, self.selection, self.process_options, self.options.keys)
            return
        recording = self.baseline is not None or self.options.write_baseline  # needs each finding
        render = None if recording else self.render
        yield from process_files(self.files, self.selection, self.process_options, self._jobs(), render)

    @property
    def templates_learned(self) -> bool:
        """Whether this run learns template lines from its batch: ``residue/template-line``
        selected, and JSONL records or more than one file (one file has no batch to learn from)."""
        files = [path for path in self.files if path != "-"]
        return self.selection.template and (self.options.jsonl or len(files) > 1)

    def _prepare_templates(self) -> None:
        """Give the selection its template lines: the saved file's and the batch's."""
        if not (self.templates_learned or self.saved_templates is not None):
            return
        from .provenance.templates import Templates
        from .provenance.templates_check import TemplateRules, learn_files, learn_jsonl, path_source

        found = self.saved_templates or Templates({})
        source_of = path_source(self.settings.template_source, self.settings.root)
        if self.templates_learned and self.options.jsonl:
            learned, sources = learn_jsonl(self.files, self.options.keys, self.options.keys.source)
            found, source_of = found.union(learned), sources.get
        elif self.templates_learned and self._learn_jobs() > 1:
            from .provenance.workers import learn_in_workers

            shared = self._reuse_shared()
            learned, result = learn_in_workers(self.files, source_of, self._learn_jobs(), credit=shared)
            self._reuse = result if shared else None
            found = found.union(learned)
        elif self.templates_learned:
            self._reuse = self._shared_reuse()
            found = found.union(learn_files(self.files, source_of, reuse=self._reuse)[0])
        rules = TemplateRules(found, source_of, self.selection.severity_of("residue/template-line", "warning"))
        self.selection = replace(self.selection, templates=rules)
        if self.templates_learned:
            from .heap import release

            release()  # the learning's freed arrays, before the files are checked

    def results(self) -> Iterator[FileResult]:
        """Each file's result (the baseline applied), then one with the reuse findings."""
        summary = self.summary
        self._prepare_templates()
        for result in self._raw_results():
            summary.checked += 1
            if result.error:
                summary.errors.append(result.error)
            yield self._after_baseline(result)
            summary.changed += result.changed
            summary.fixed += result.fixed
        reuse = self.reuse_findings()
        if reuse:
            yield FileResult("", tuple(reuse))
        if self.baseline is not None:
            summary.stale = self.baseline.unmatched()

    def _after_baseline(self, result: FileResult) -> FileResult:
        prints = result.fingerprints or ("",) * len(result.findings)
        pairs = list(zip(result.findings, prints))
        if self.options.write_baseline:
            self.summary.recorded.extend(pairs)
        if self.baseline is not None:
            pairs = [(f, p) for f, p in pairs if not self.baseline.take(p)]
            return replace(result, findings=tuple(f for f, _ in pairs))
        return result

    def _shared_reuse(self):
        """The reuse pass, found once for the template count and the reuse findings both, when
        they see the same texts: no ``--fix`` (reuse is found on the fixed files) and no
        ``--against``. Otherwise None, and each finds its own."""
        if not self._reuse_shared():
            return None
        from .provenance.checks import file_reuse

        return file_reuse([path for path in self.files if path != "-"], errors=self.summary.errors)

    def _reuse_shared(self) -> bool:
        """Whether one reuse pass serves the template count and the reuse findings (see ``_shared_reuse``)."""
        return self.reuse_checked and not self.options.against and not self.options.fix

    def reuse_findings(self) -> list[Finding]:
        """Cross-file reuse findings for the checked files (read again: after --fix, as fixed)."""
        if not self.reuse_checked:
            return []
        files = [path for path in self.files if path != "-"]
        shared, self._reuse = self._reuse, None
        return reuse_findings(files, self.options.against, self.selection, self.summary.errors, shared)

    @property
    def reuse_checked(self) -> bool:
        """Whether this run looks for reuse across files: reuse rules selected, more than one file or --against."""
        files = [path for path in self.files if path != "-"]
        return bool(self.selection.reuse) and not self.options.jsonl and (len(files) > 1 or bool(self.options.against))


def _read_baseline(path: str) -> "Baseline":
    """``--baseline FILE``, read (and checked) before any file is."""
    from .baseline import Baseline

    return Baseline.read(path)


def _saved_templates(path: str) -> "Templates":
    """The lines of ``--templates FILE``, read (and checked) before any file is."""
    from .provenance.templates_check import read_saved

    return read_saved(path)


def reuse_findings(files: Sequence[str], against: Sequence[str], selection: Selection, errors: list[str],
                   found=None) -> list[Finding]:
    """Reuse findings between ``files`` (and with ``against``), one per shared passage and
    place; ``found``, a ``ReuseResult`` of these very files, is used instead of a new pass."""
    from .provenance.checks import file_reuse_findings, result_findings

    merged: dict[tuple, list[Finding]] = {}
    raw = result_findings(found) if found is not None else file_reuse_findings(files, list(against), errors=errors)
    for f in raw:
        if f.rule in selection.reuse_for(f.path):
            merged.setdefault((f.path, f.rule, f.start, f.end), []).append(f)
    # A passage syndicated to many files is one finding per place, not one per other file.
    return [
        replace(
            group[0], severity=selection.severity_of(group[0].rule, group[0].severity),
            message=group[0].message + (f" (and {len(group) - 1} more files)" if len(group) > 1 else ""),
        )
        for group in merged.values()
    ]
