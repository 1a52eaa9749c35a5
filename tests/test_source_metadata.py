"""--fix keeps what the original file had: owner, group, mode, extended attributes, POSIX ACLs."""
from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path

import pytest

from conftest import run_wirelint

from lint.errors import WirelintError
from lint.source import read_file, write_file_atomically

STORY = b"Body of the story, with enough words in it to be kept by the guard.\n\nPost a Comment\n"
FIXED = b"Body of the story, with enough words in it to be kept by the guard.\n"
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to change owners")


def _access_acl(user: int) -> bytes:
    """A POSIX access ACL as Linux stores it: owner rw, named ``user`` r, group r, mask r, other r."""
    undefined = 0xFFFFFFFF
    entries = [(0x01, 6, undefined), (0x02, 4, user), (0x04, 4, undefined), (0x10, 4, undefined), (0x20, 4, undefined)]
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


def _supports(path, name: str, value: bytes) -> bool:
    try:
        os.setxattr(path, name, value)
    except OSError:
        return False
    return True


def test_fix_keeps_extended_attributes_and_acl(tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes(STORY)
    if not hasattr(os, "setxattr") or not _supports(story, "user.wirelint.source", b"wire feed"):
        pytest.skip("file system without user extended attributes")
    acl = _access_acl(4321)
    has_acl = _supports(story, "system.posix_acl_access", acl)
    before = {name: os.getxattr(story, name) for name in os.listxattr(story)}
    run_wirelint("check", "--fix", str(story))
    assert story.read_bytes() == FIXED
    assert {name: os.getxattr(story, name) for name in os.listxattr(story)} == before
    if has_acl:
        assert os.getxattr(story, "system.posix_acl_access") == acl


@as_root
def test_fix_as_root_keeps_owner_group_and_set_id_bits(tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes(STORY)
    os.chown(story, 1234, 5678)
    os.chmod(story, 0o2664)
    run_wirelint("check", "--fix", str(story))
    stat = os.stat(story)
    assert story.read_bytes() == FIXED
    assert (stat.st_uid, stat.st_gid, stat.st_mode & 0o7777) == (1234, 5678, 0o2664)


@as_root
def test_fix_in_a_setgid_folder_keeps_the_file_group(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chown(folder, 0, 4321)
    os.chmod(folder, 0o2775)
    story = folder / "story.txt"
    story.write_bytes(STORY)
    os.chown(story, 0, 5678)
    run_wirelint("check", "--fix", str(story))
    assert story.read_bytes() == FIXED and os.stat(story).st_gid == 5678


@as_root
def test_owner_that_cannot_be_kept_refuses_the_fix_and_leaves_the_file():
    with tempfile.TemporaryDirectory(dir="/tmp") as name:  # pytest's own folders are closed to other users
        os.chmod(name, 0o755)
        _refused_for_a_user_outside_the_group(Path(name) / "desk")


def _refused_for_a_user_outside_the_group(folder):
    folder.mkdir()
    os.chown(folder, 1234, 1234)
    story = folder / "story.txt"
    story.write_bytes(STORY)
    os.chown(story, 1234, 5678)  # a group the fixing user is not in
    os.chmod(story, 0o664)
    _, state = read_file(str(story))
    child = os.fork()
    if child == 0:  # the fixing user: owns the file but is not in its group
        code = 3
        try:
            os.setgroups([])
            os.setgid(1234)
            os.setuid(1234)
            write_file_atomically(str(story), FIXED, state)
            code = 1
        except WirelintError as exc:
            code = 0 if "cannot keep its owner and group" in str(exc) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert story.read_bytes() == STORY and os.stat(story).st_gid == 5678
    assert sorted(os.listdir(folder)) == ["story.txt"]  # no temporary copy left behind


def test_attribute_that_cannot_be_kept_refuses_the_write(tmp_path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_bytes(STORY)
    if not hasattr(os, "setxattr") or not _supports(story, "user.wirelint.source", b"wire feed"):
        pytest.skip("file system without user extended attributes")
    _, state = read_file(str(story))

    def refuse(path, name, value, *args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refuse)
    with pytest.raises(WirelintError, match="cannot keep extended attribute 'user.wirelint.source'"):
        write_file_atomically(str(story), FIXED, state)
    assert story.read_bytes() == STORY and sorted(os.listdir(tmp_path)) == ["story.txt"]


def test_fixed_file_does_not_take_an_acl_from_its_folder(tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_bytes(STORY)
    os.chmod(story, 0o640)
    if not hasattr(os, "setxattr") or not _supports(folder, "system.posix_acl_default", _access_acl(4321)):
        pytest.skip("file system without POSIX ACLs")
    assert "system.posix_acl_access" not in os.listxattr(story)  # made before the folder had a default ACL
    run_wirelint("check", "--fix", str(story))
    assert story.read_bytes() == FIXED
    assert os.listxattr(story) == [] and os.stat(story).st_mode & 0o7777 == 0o640
