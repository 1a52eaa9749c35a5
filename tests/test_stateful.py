"""A stateful test over fix, re-check, undo and outside edits on a temporary folder.

The machine keeps a model of every file's bytes. After every step the folder holds
exactly the modelled bytes and no temporary files; fixing writes exactly the encoded
result of ``fix_text`` (keeping encoding, BOM, newlines and mode) or nothing at all; a
second fix changes nothing; an undo (as ``git checkout`` would) brings back the earlier
bytes, which fix again to the same result; a file changed between read and write is never
overwritten.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from hypothesis import assume, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule

from lint.document import Document
from lint.engine import check_document
from lint.errors import WirelintError
from lint.fixes import applicable, apply_edits, fix_text
from lint.source import decode_article, encode_article, read_file, write_file_atomically
from strategies import articles, encode, file_styles, is_diagnostic, representable, run_file, shipped_rules

RULES = shipped_rules()


class FixUndoMachine(RuleBasedStateMachine):
    files = Bundle("files")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="wirelint-state-"))
        self.disk: dict[str, bytes] = {}
        self.history: dict[str, list[bytes]] = {}
        self.fixed: dict[str, tuple[bool, bytes]] = {}  # name -> (unsafe, bytes a fix left)
        self.modes: dict[str, int] = {}
        self.count = 0

    def path(self, name: str) -> Path:
        return self.folder / name

    def remember(self, name: str, data: bytes) -> None:
        self.history[name].append(self.disk[name])
        self.disk[name] = data
        self.fixed.pop(name, None)

    # -- steps -----------------------------------------------------------------------

    @rule(target=files, text=articles(max_pieces=10), style=file_styles(), mode=st.sampled_from((0o644, 0o600, 0o664)))
    def create(self, text, style, mode):
        encoding, bom, newline = style
        assume(representable(text, encoding, bom))
        name = f"article-{self.count}.txt"
        self.count += 1
        data = encode(text, encoding, bom, newline)
        self.path(name).write_bytes(data)
        os.chmod(self.path(name), mode)
        self.disk[name], self.history[name], self.modes[name] = data, [], mode
        return name

    @rule(name=files)
    def check(self, name):
        result = run_file(self.path(name), RULES)
        assert result.error is None and not result.changed
        article = decode_article(self.disk[name], name)
        expected = check_document(Document(article.text), RULES, str(self.path(name)))
        assert [f for f in result.findings if not is_diagnostic(f)] == [f for f in expected if not is_diagnostic(f)]

    @rule(name=files, unsafe=st.booleans())
    def fix(self, name, unsafe):
        before = self.disk[name]
        state_before = os.stat(self.path(name))
        article = decode_article(before, name)
        outcome = fix_text(article.text, RULES, unsafe=unsafe)
        result = run_file(self.path(name), RULES, fix=True, unsafe=unsafe)
        if outcome.refused or outcome.text == article.text:
            assert result.error is None and not result.changed
            if outcome.refused:
                assert any(f.rule == "wirelint/fix-refused" for f in result.findings)
            after = os.stat(self.path(name))
            assert (after.st_ino, after.st_mtime_ns) == (state_before.st_ino, state_before.st_mtime_ns)
            self.fixed[name] = (unsafe, before)
            return
        if result.error is not None:  # the fixed text has a character the encoding cannot hold
            assert "\n" not in result.error and not result.changed
            return
        assert result.changed and result.fixed >= 1
        written = encode_article(article, outcome.text)
        self.remember(name, written)
        self.fixed[name] = (unsafe, written)
        assert stat.S_IMODE(os.stat(self.path(name)).st_mode) == self.modes[name]

    @precondition(lambda self: bool(self.fixed))
    @rule(data=st.data())
    def fix_again_changes_nothing(self, data):
        name = data.draw(st.sampled_from(sorted(self.fixed)))
        unsafe, left = self.fixed[name]
        assert self.disk[name] == left
        result = run_file(self.path(name), RULES, fix=True, unsafe=unsafe)
        assert result.error is None and not result.changed
        if not any(f.rule == "wirelint/fix-refused" for f in result.findings):
            text = decode_article(left, name).text
            for f in result.findings:
                if applicable(f, unsafe):
                    assert apply_edits(text, f.fix.edits)[0] == text, f

    @rule(name=files)
    def undo(self, name):
        if not self.history[name]:
            return
        previous = self.history[name].pop()
        self.path(name).write_bytes(previous)  # what `git checkout -- file` does
        self.disk[name] = previous
        self.fixed.pop(name, None)

    @rule(name=files, addition=st.sampled_from(("\n\nAdvertisement\n", "\u00a0and more.", "\n\nGetty Images\n", "\n\n", "the the end.")))
    def edit_outside(self, name, addition):
        article = decode_article(self.disk[name], name)
        try:
            data = encode_article(article, article.text + addition)
        except WirelintError:
            return
        self.path(name).write_bytes(data)
        self.remember(name, data)

    @rule(name=files)
    def change_between_read_and_write(self, name):
        data, state = read_file(str(self.path(name)))
        newer = data + (b"\n" if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00")) else b"")
        if newer == data:  # wide encodings: grow by a whole encoded character instead
            article = decode_article(data, name)
            newer = encode_article(article, article.text + "\n")
        self.path(name).write_bytes(newer)
        try:
            write_file_atomically(str(self.path(name)), b"stale fixed text\n", state)
        except WirelintError as exc:
            assert "changed" in str(exc) and "\n" not in str(exc)
        else:
            raise AssertionError("a file changed after it was read was overwritten")
        self.remember(name, newer)

    # -- invariants ------------------------------------------------------------------

    @invariant()
    def folder_holds_exactly_the_model(self):
        assert sorted(p.name for p in self.folder.iterdir()) == sorted(self.disk)
        for name, data in self.disk.items():
            assert self.path(name).read_bytes() == data, name

    def teardown(self):
        shutil.rmtree(self.folder, ignore_errors=True)


FixUndoMachine.TestCase.settings = settings(settings.default, stateful_step_count=15, deadline=None)
TestFixUndo = FixUndoMachine.TestCase
