"""Results saved by earlier runs, read back for ``wirelint report``:

- a ``wirelint check --format json`` report (a list of findings). It names only files
  with findings; their texts are read again from the paths when they are still there
  (``file.jsonl#id`` from the JSONL file);
- a ``wirelint corpus check --out DIR`` folder: ``summary.json``, the finding lines under
  ``findings/`` and the reuse pairs under ``reuse/``. Records are read back from the
  shards (when they are local and together under ``READ_ALL_BYTES``) for line counts,
  credits and texts; else only the records the page opens;
- optional extras: a ``wirelint provenance --format json`` file (its reuse pairs, and
  ``clusters`` when the run wrote them) and a saved templates file.

Any file that is not what it should be is one WirelintError line naming it.
"""
from __future__ import annotations

import glob
import json
import os
from collections import Counter
from typing import Iterable, Iterator, Mapping

from ..corpus import CorpusKeys
from ..errors import WirelintError
from ..provenance.templates import BATCH, FORMAT as TEMPLATES_FORMAT, Templates
from .build import SHOWN_FILES, Inputs, is_residue, item_of
from .model import Cluster, Member, TemplateLine

READ_ALL_BYTES = 512 << 20


def _json(path: str):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise WirelintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise WirelintError(f"{path}: not a JSON file: {exc}") from None


def _items(records: Iterable, where: str) -> list:
    items = []
    for number, record in enumerate(records, 1):
        try:
            items.append(item_of(record))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise WirelintError(f"{where}: finding {number} is not a wirelint finding object") from None
    return items


def _lines_of_file(path: str) -> list[str] | None:
    from ..source import decode_article, read_file

    try:
        data, _ = read_file(path)
        return decode_article(data, path).text.split("\n")
    except WirelintError:
        return None


def _shard_records(shard: str, keys: CorpusKeys, wanted: set[str] | None) -> Iterator[tuple[str, list[str]]]:
    """(record id, text lines) of a JSONL shard's records (only ``wanted`` ids when given)."""
    from ..jsonl import parse_record, record_id, record_text

    try:
        handle = open(shard, encoding="utf-8")
    except OSError:
        return
    with handle:
        try:
            for number, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                record, _ = parse_record(shard, number, raw, keys)
                if record is None:
                    continue
                name = record_id(record, number, keys)
                if wanted is None or name in wanted:
                    yield name, record_text(record, keys).split("\n")
        except UnicodeDecodeError:
            return


def from_json_report(path: str, keys: CorpusKeys = CorpusKeys()) -> Inputs:
    """Inputs from a ``--format json`` report; texts read again where the files still are."""
    data = _json(path)
    if not isinstance(data, list):
        raise WirelintError(f"{path}: not a wirelint --format json report (a list of findings)")
    items = _items(data, path)
    paths = list(dict.fromkeys(i.path for i in items))
    texts: dict[str, list[str]] = {}
    by_shard: dict[str, set[str]] = {}
    for name in paths:
        if ".jsonl#" in name:
            shard, _, record = name.partition(".jsonl#")
            by_shard.setdefault(shard + ".jsonl", set()).add(record)
        elif (lines := _lines_of_file(name)) is not None:
            texts[name] = lines
    for shard, wanted in by_shard.items():
        texts.update((f"{shard}#{name}", lines) for name, lines in _shard_records(shard, keys, wanted))
    notes = [f"Drawn from the saved report {path}."]
    if len(texts) < len(paths):
        notes.append(f"{len(paths) - len(texts)} of the {len(paths)} files named in it could not be read again: "
                     "their lines are not counted and their texts not shown.")
    return Inputs(items, paths, texts, title=f"wirelint report: {os.path.basename(path)}",
                  files_note="with findings: a JSON report lists no clean file", lines_known=len(texts) == len(paths),
                  notes=tuple(notes))


def _finding_lines(path: str) -> Iterator[dict]:
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise WirelintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        for number, raw in enumerate(handle, 1):
            if raw.strip():
                try:
                    yield json.loads(raw)
                except ValueError:
                    raise WirelintError(f"{path}:{number}: not a JSON finding line") from None


def _pairs(folder: str) -> list[dict] | None:
    parts = sorted(glob.glob(os.path.join(folder, "reuse", "part-*.jsonl")))
    pairs = [pair for part in parts for pair in _finding_lines(part)]
    return pairs


def from_corpus_folder(folder: str, keys: CorpusKeys = CorpusKeys()) -> Inputs:
    """Inputs from a ``corpus check --out`` folder and, where they can be read, its shards."""
    summary_path = os.path.join(folder, "summary.json")
    if not os.path.isfile(summary_path):
        raise WirelintError(f"{folder}: no summary.json: not a wirelint corpus check --out folder")
    summary = _json(summary_path)
    if not isinstance(summary, dict) or not isinstance(summary.get("sources"), list):
        raise WirelintError(f"{summary_path}: not a wirelint corpus summary")
    items = []
    shards = []
    for source in summary["sources"]:
        shards.append(source["shard"])
        findings_file = source.get("findings_file") or ""
        if os.path.isfile(findings_file):
            items += _items(_finding_lines(findings_file), findings_file)
    local = [s for s in shards if os.path.isfile(s)]
    read_all = len(local) == len(shards) and sum(os.path.getsize(s) for s in local) <= READ_ALL_BYTES
    texts: dict[str, list[str]] = {}
    if read_all:
        for shard in local:
            texts.update((f"{shard}#{name}", lines) for name, lines in _shard_records(shard, keys, None))
    else:
        residue = Counter(i.path for i in items if is_residue(i))
        wanted: dict[str, set[str]] = {}
        for name, _ in residue.most_common(SHOWN_FILES):
            shard, _, record = name.rpartition("#")
            wanted.setdefault(shard, set()).add(record)
        for shard, ids in wanted.items():
            texts.update((f"{shard}#{name}", lines) for name, lines in _shard_records(shard, keys, ids))
    paths = list(texts) if read_all else list(dict.fromkeys(i.path for i in items))
    records = int(summary.get("records", len(paths)))
    notes = [f"Drawn from the corpus run in {folder} ({len(shards)} shards, {records:,} records)."]
    if not read_all:
        notes.append("The shards were not read back in full (not local, or too large): lines and credits are not "
                     "counted, and clean records are counted in the total only.")
    reuse = _pairs(folder) if summary.get("reuse") is not None else None
    inputs = Inputs(items, paths, texts, pairs=reuse, title=f"wirelint corpus report: {os.path.basename(os.path.abspath(folder))}",
                    lines_known=read_all, notes=tuple(notes))
    inputs.unlisted = max(records - len(paths), 0)
    return inputs


def clusters_from_json(data: Mapping, where: str) -> list[Cluster] | None:
    """Clusters as a run that computes them writes them: ``{"clusters": [{"representative":
    PATH, "members": [PATH | {"path": PATH, "credited": BOOL}]}]}``; None without the key."""
    found = data.get("clusters")
    if found is None:
        return None
    clusters = []
    try:
        for number, cluster in enumerate(found, 1):
            members = tuple(
                Member(m, None) if isinstance(m, str) else Member(str(m["path"]), m.get("credited"))
                for m in cluster["members"]
            )
            clusters.append(Cluster(number, members, str(cluster.get("representative") or members[0].path), ()))
    except (KeyError, TypeError, IndexError):
        raise WirelintError(f"{where}: clusters are not lists of members with a representative") from None
    return sorted(clusters, key=lambda c: -len(c.members))


def provenance_extras(path: str) -> tuple[list[dict] | None, list[Cluster] | None]:
    """Reuse pairs and clusters from a ``wirelint provenance --format json`` file."""
    data = _json(path)
    if not isinstance(data, dict) or "files" not in data:
        raise WirelintError(f"{path}: not a wirelint provenance --format json file")
    pairs = data.get("reuse") if data.get("stats") is not None else None
    return pairs, clusters_from_json(data, path)


def templates_from_json(path: str) -> list[TemplateLine]:
    """Template lines from a saved templates file: a list (or ``{"lines": [...]}``) of
    objects with the line's ``sample`` (or ``text``) and its ``articles`` (or ``count``)."""
    data = _json(path)
    if isinstance(data, dict) and data.get("format") == TEMPLATES_FORMAT:
        return _saved_templates(path)
    lines = data.get("lines", data.get("templates")) if isinstance(data, dict) else data
    try:
        found = [
            TemplateLine(str(line.get("sample", line.get("text"))), int(line.get("articles", line.get("count", 0))),
                         line.get("source"), line.get("files"))
            for line in lines
        ]
    except (AttributeError, TypeError, ValueError):
        raise WirelintError(f"{path}: not a templates file (a list of lines with sample and articles)") from None
    return sorted(found, key=lambda t: (-t.articles, t.sample))


def _saved_templates(path: str) -> list[TemplateLine]:
    """The lines of a ``wirelint templates learn`` file: the batch's count of each, and its
    source when one source alone carries it."""
    with open(path, encoding="utf-8") as handle:
        templates = Templates.from_json(handle.read(), path)
    found = []
    for entry in templates.lines.values():
        counts = entry["articles"]
        sources = [group for group in counts if group != BATCH]
        found.append(TemplateLine(entry["sample"], counts.get(BATCH, max(counts.values(), default=0)),
                                  sources[0] if len(sources) == 1 else None))
    return sorted(found, key=lambda t: (-t.articles, t.sample))
