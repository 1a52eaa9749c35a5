#!/usr/bin/env python3
"""A ripgrep pattern file that scans for what wirelint's shipped rules scan for.

    python bench/patterns.py --out patterns.txt [--rules EXTRA.yaml] [--no-verify]

* every ``phrases`` rule (``match: line``): one case-insensitive whole-line pattern with
  all its phrases, where punctuation and spacing are free as in wirelint's folding
  (``^[\\W_]*(?:leave[\\W_]+a[\\W_]+reply|...)[\\W_]*$``); ``match: inline``: the phrases at
  word boundaries;
* every ``pattern`` rule: its regex translated from the ``regex`` module's syntax to
  ripgrep's (Rust ``regex``): flags become ``(?i:...)``, ``\\uXXXX`` becomes ``\\x{XXXX}``,
  ``\\Z`` becomes ``\\z``, and ``\\b`` becomes the ASCII ``(?-u:\\b)`` (ripgrep's fast
  engine cannot do Unicode word boundaries on non-ASCII text: with them the scan is about
  30 times slower). Ripgrep has no look-around and no ``\\K``: a look-behind at the
  start of a branch or a look-ahead at its end is matched instead (the same lines
  match), any other look-around and ``\\K`` are dropped (the pattern then matches a
  few more lines: the scan costs at least as much). Such patterns are counted as
  "approximated", as are rules limited to some lines (``where``, ``lines``,
  ``max_length``), which ripgrep scans on every line. Patterns that need more than one
  line (a literal ``\\n``) or that ripgrep still rejects are skipped and counted;
* extras scanned by other kinds: the heading phrases/pattern of ``block`` rules, the
  gate regex of ``mojibake`` rules and the last words of ``ending`` rules (counted
  separately).

Rules are loaded with ``lint.packs.load_rules()``; a rule is recognised by its kind
object's attributes (Phrases: ``.keys``/``.mode``/``.inline``; Pattern: ``.regex``).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

_WORDS = re.compile(r"[^\W_]+")
_FLAG_LETTERS = {"IGNORECASE": "i", "DOTALL": "s", "VERBOSE": "x"}


@dataclass
class PatternSet:
    lines: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    approximated: dict[str, str] = field(default_factory=dict)  # rule id -> what changed
    skipped: dict[str, str] = field(default_factory=dict)  # rule id -> why
    phrase_rules: int = 0
    phrases: int = 0
    pattern_rules: int = 0
    extras: int = 0

    def summary(self) -> dict:
        return {
            "patterns": len(self.lines),
            "phrase_rules": self.phrase_rules,
            "phrases": self.phrases,
            "pattern_rules": self.pattern_rules,
            "pattern_rules_exact": len(self.exact),
            "pattern_rules_approximated": len(self.approximated),
            "pattern_rules_skipped": len([r for r in self.skipped if not r.endswith("(extra)")]),
            "extras": self.extras,
            "approximated": self.approximated,
            "skipped": self.skipped,
        }


# --- phrases -------------------------------------------------------------------------------


def _rx_escape(text: str) -> str:
    """Escape for Rust regex (escape every ASCII punctuation character)."""
    return "".join("\\" + c if (c.isascii() and not c.isalnum() and not c.isspace() and c != "_") else c for c in text)


def whole_line_pattern(keys) -> str:
    """Folded keys ('leave a reply') -> one case-insensitive whole-line alternation."""
    bodies = sorted({r"[\W_]+".join(_rx_escape(w) for w in key.split()) for key in keys if key.split()})
    return r"(?i:^[\W_]*(?:" + "|".join(bodies) + r")[\W_]*$)"


def inline_pattern(phrases) -> str:
    bodies = []
    for phrase in phrases:
        words = phrase.split()
        if not words:
            continue
        body = r"\s+".join(_rx_escape(w) for w in words)
        head = r"(?-u:\b)" if re.match(r"\w", words[0]) else ""
        tail = r"(?-u:\b)" if re.search(r"\w$", words[-1]) else ""
        bodies.append(head + body + tail)
    return r"(?i:" + "|".join(sorted(set(bodies))) + ")"


# --- regex translation ------------------------------------------------------------------


def _group_end(pattern: str, start: int) -> int:
    """Index just past the ')' closing the group that opens at ``start``."""
    depth, i, n = 0, start, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced parenthesis")


def _class_end(pattern: str, start: int) -> int:
    """Index just past the ']' closing the character class that opens at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # nested set (V1) or POSIX class: skip it too
            i = _class_end(pattern, i)
            continue
        if c == "]":
            return i + 1
        i += 1
    raise ValueError("unterminated character class")


def _at_branch_start(rendered: str) -> bool:
    """True if what was written so far ends where a branch starts: nothing, '|' or '('."""
    return re.search(r"(?:^|(?<!\\)\||(?<!\\)\((?:\?[a-zA-Z]*:)?)$", rendered) is not None


def _at_branch_end(pattern: str, end: int) -> bool:
    return end == len(pattern) or pattern[end] in "|)$"


def translate(pattern: str, flags: int = 0) -> tuple[str, list[str]]:
    """(ripgrep pattern, changes made); raises ValueError for what cannot be translated."""
    import regex

    changes: list[str] = []
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1 : i + 2]
            if nxt == "K":
                changes.append(r"dropped \K")
                i += 2
                continue
            if nxt in "bB":
                # ripgrep's DFA gives up on Unicode word boundaries in non-ASCII text and
                # falls back to a far slower engine (30 s instead of 1 s on 10,000 articles
                # with curly quotes): use ASCII boundaries, as ripgrep's manual advises
                out.append(f"(?-u:\\{nxt})")
                changes.append(r"Unicode \b made ASCII")
                i += 2
                continue
            if nxt == "Z":
                out.append(r"\z")
                i += 2
                continue
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", pattern[i + 2 : i + 6]):
                out.append(r"\x{" + pattern[i + 2 : i + 6] + "}")
                i += 6
                continue
            if nxt == "U" and re.fullmatch(r"[0-9a-fA-F]{8}", pattern[i + 2 : i + 10]):
                out.append(r"\x{" + pattern[i + 2 : i + 10] + "}")
                i += 10
                continue
            if nxt.isdigit() and nxt != "0":
                raise ValueError("back-reference")
            if nxt in "pPxN" and pattern[i + 2 : i + 3] == "{":  # \p{Lu}, \x{263a}, \N{name}
                close = pattern.index("}", i)
                if nxt == "N":
                    raise ValueError(r"\N{name} escape")
                out.append(pattern[i : close + 1])
                i = close + 1
                continue
            if nxt == "G":
                raise ValueError(r"\G anchor")
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            end = _class_end(pattern, i)
            body = pattern[i:end]
            body = re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", body)
            if "[" in body[1:-1].replace("\\[", ""):
                raise ValueError("nested character class")
            out.append(body)
            i = end
            continue
        if pattern.startswith("(?>", i):
            raise ValueError("atomic group")
        for opener, ahead, positive in (("(?<=", False, True), ("(?<!", False, False), ("(?=", True, True), ("(?!", True, False)):
            if pattern.startswith(opener, i):
                end = _group_end(pattern, i)
                inner = pattern[i + len(opener) : end - 1]
                rendered = "".join(out)
                if positive and not ahead and _at_branch_start(rendered):
                    sub, more = translate(inner)
                    out.append("(?:" + sub + ")")
                    changes.extend(more)
                    changes.append("look-behind matched")
                elif positive and ahead and _at_branch_end(pattern, end):
                    sub, more = translate(inner)
                    out.append("(?:" + sub + ")")
                    changes.extend(more)
                    changes.append("look-ahead matched")
                else:
                    changes.append(("look-ahead" if ahead else "look-behind") + " dropped")
                i = end
                break
        else:
            if c in "*+?}" and pattern[i + 1 : i + 2] == "+":
                raise ValueError("possessive quantifier")
            out.append(c)
            i += 1
    result = "".join(out)
    letters = "".join(letter for name, letter in _FLAG_LETTERS.items() if flags & getattr(regex, name))
    if "x" in letters and "\n" in result:
        raise ValueError("verbose pattern on several lines")
    if letters:
        result = f"(?{letters}:{result})"
    return result, changes


def _needs_multiline(rx: str) -> bool:
    """True if the pattern can only match across lines (a \\n outside a negated class)."""
    i = 0
    while i < len(rx):
        if rx[i] == "\\":
            if rx[i + 1 : i + 2] == "n":
                return True
            i += 2
            continue
        if rx[i] == "[":
            end = _class_end(rx, i)
            body = rx[i:end]
            if not body.startswith("[^") and "\\n" in body:
                return True
            i = end
            continue
        if rx[i] == "\n":
            return True
        i += 1
    return False


def rg_accepts(rg: str, pattern: str) -> str | None:
    """None if ripgrep compiles the pattern, else its error (first line)."""
    proc = subprocess.run([rg, "--quiet", "-e", pattern, "--", "-"], input=b"", capture_output=True)
    if proc.returncode in (0, 1):
        return None
    lines = [line for line in proc.stderr.decode(errors="replace").splitlines() if line.strip()]
    return lines[-1].strip() if lines else f"exit {proc.returncode}"


# --- building the set ---------------------------------------------------------------------


def _source(compiled) -> tuple[str, int]:
    """(pattern text, flags) of a compiled regex or of wirelint's lazily compiled wrapper."""
    source = getattr(compiled, "source", None)
    if not isinstance(source, str):
        source = compiled.pattern
    return source, int(getattr(compiled, "flags", 0))


def build(rules, verify: bool = True, rg: str | None = None) -> PatternSet:
    rg = rg or shutil.which("rg")
    result = PatternSet()

    def add(rule_id: str, pattern: str, changes: list[str] | None = None, extra: bool = False) -> None:
        if verify and rg:
            error = rg_accepts(rg, pattern)
            if error:
                result.skipped[rule_id] = f"ripgrep rejects it: {error}"
                return
        result.lines.append(pattern)
        if extra:
            result.extras += 1
        elif changes:
            result.approximated[rule_id] = ", ".join(sorted(set(changes)))
        elif changes is not None:
            result.exact.append(rule_id)

    for rule in rules:
        kind = rule.kind
        kind_name = getattr(rule, "kind_name", type(kind).__name__.lower())
        if kind_name == "phrases" or (hasattr(kind, "mode") and (hasattr(kind, "keys") or hasattr(kind, "inline"))):
            result.phrase_rules += 1
            if getattr(kind, "mode", "line") == "line":
                keys = sorted(kind.keys)
                result.phrases += len(keys)
                add(rule.id, whole_line_pattern(keys))
            else:
                compiled = [c for _, c in kind.inline]
                phrases = [re.sub(r"\\s\+", " ", c.pattern) for c in compiled]
                phrases = [re.sub(r"\(\?<!\\w\)|\(\?!\\w\)", "", p).replace("\\", "") for p in phrases]
                result.phrases += len(phrases)
                add(rule.id, inline_pattern(phrases))
        elif kind_name == "pattern" or hasattr(kind, "regex"):
            result.pattern_rules += 1
            source, flags = _source(kind.regex)
            try:
                rx, changes = translate(source, flags)
                if getattr(kind, "lines", "any") != "any" or getattr(kind, "max_length", 0):
                    changes.append("line selection (lines/max_length) ignored")
                if getattr(rule, "first", None) or getattr(rule, "last", None):
                    changes.append("where first/last ignored")
                if _needs_multiline(rx):
                    raise ValueError("needs more than one line (\\n in the pattern)")
            except ValueError as exc:
                result.skipped[rule.id] = str(exc)
                continue
            add(rule.id, rx, changes)
        elif kind_name == "block":
            headings = getattr(kind, "headings", ())
            if headings:
                add(rule.id + " (extra)", whole_line_pattern(headings), extra=True)
            pattern = getattr(kind, "pattern", None)
            if pattern is not None:
                try:
                    rx, _ = translate(*_source(pattern))
                    add(rule.id + " heading (extra)", f"^\\s*(?:{rx})\\s*$", extra=True)
                except ValueError as exc:
                    result.skipped[rule.id + " heading (extra)"] = str(exc)
        elif kind_name == "ending" and getattr(kind, "words", None):
            words = "|".join(sorted(_rx_escape(w) for w in kind.words))
            add(rule.id + " (extra)", r"(?i:(?:^|[^\S\n])(?:" + words + r")[^\S\n]*$)", extra=True)
        elif kind_name == "mojibake" and hasattr(kind, "gate"):
            try:
                rx, _ = translate(*_source(kind.gate))
                add(rule.id + " gate (extra)", rx, extra=True)
            except ValueError as exc:
                result.skipped[rule.id + " gate (extra)"] = str(exc)
    return result


def write(out: Path, rules=None, verify: bool = True) -> PatternSet:
    if rules is None:
        from lint.packs import load_rules

        rules = load_rules()
    result = build(rules, verify=verify)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(result.lines) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a ripgrep pattern file equivalent to wirelint's rules.")
    parser.add_argument("--out", type=Path, required=True, help="pattern file to write")
    parser.add_argument("--rules", action="append", default=[], help="extra rule pack (repeatable)")
    parser.add_argument("--no-verify", action="store_true", help="do not ask rg whether each pattern compiles")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    from lint.packs import load_rules

    result = write(args.out, load_rules(args.rules), verify=not args.no_verify)
    summary = result.summary()
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(
            f"{summary['patterns']} patterns -> {args.out}: {summary['phrase_rules']} phrase rules "
            f"({summary['phrases']} phrases), {summary['pattern_rules']} pattern rules "
            f"({summary['pattern_rules_exact']} exact, {summary['pattern_rules_approximated']} approximated, "
            f"{summary['pattern_rules_skipped']} skipped), {summary['extras']} extras"
        )
        for rule_id, why in summary["approximated"].items():
            print(f"  approximated {rule_id}: {why}")
        for rule_id, why in summary["skipped"].items():
            print(f"  skipped {rule_id}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
