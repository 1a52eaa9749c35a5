"""Turning the paths a user gives into the article files to check."""
from __future__ import annotations

import os
from .structs import dataclass, field
from fnmatch import fnmatch



@dataclass(slots=True)
class Discovery:
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a path matches an exclude glob, by its name or any trailing part of it."""
    parts = path.replace(os.sep, "/").split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatch(tail, pattern) for pattern in patterns for tail in tails)


def _entries(root: str, found: Discovery) -> tuple[list[str], list[str]] | None:
    """The sub-folders and file names in ``root`` (sorted), or None when it cannot be read."""
    try:
        with os.scandir(root) as scan:
            entries = list(scan)
    except OSError as exc:
        found.errors.append(f"{root}: cannot read folder: {exc.strerror or exc}")
        return None
    dirs, names = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        (dirs if is_dir else names).append(entry.name)
    return sorted(dirs), sorted(names)


def _walk(path: str, include: tuple[str, ...], exclude: tuple[str, ...], found: Discovery, seen: set[str]) -> None:
    """Collect article files under ``path``, following symlinks once, at any depth.

    A folder reached again through a link that points back up the tree is a loop (an
    error); one reached again through an alias elsewhere is only skipped, since its files
    are already collected. An unreadable folder is an error, and the walk goes on.
    """
    visited: set[tuple[int, int]] = set()
    stack = [path]
    while stack:
        root = stack.pop()
        try:
            stat = os.stat(root)
        except OSError as exc:
            found.errors.append(f"{root}: cannot read folder: {exc.strerror or exc}")
            continue
        if (stat.st_dev, stat.st_ino) in visited:
            real = os.path.realpath(root)
            parent = os.path.realpath(os.path.dirname(root))
            if parent == real or parent.startswith(real.rstrip(os.sep) + os.sep):
                found.errors.append(f"{root}: symlink loop; not followed")
            continue
        visited.add((stat.st_dev, stat.st_ino))
        listed = _entries(root, found)
        if listed is None:
            continue
        dirs, names = listed
        for name in names:
            if any(fnmatch(name, pattern) for pattern in include) and not name.startswith("."):
                _add(os.path.join(root, name), exclude, found, seen)
        subfolders = [os.path.join(root, d) for d in dirs if not d.startswith(".")]
        stack.extend(reversed([d for d in subfolders if not excluded(d, exclude)]))


def _add(path: str, exclude: tuple[str, ...], found: Discovery, seen: set[str]) -> None:
    """Take ``path`` unless excluded or already taken under another spelling (same real file)."""
    if excluded(path, exclude):
        return
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        found.files.append(path)


def discover(
    paths: list[str], include: tuple[str, ...] = ("*.txt", "*.md"), exclude: tuple[str, ...] = ()
) -> Discovery:
    """Files named directly are taken as they are; directories are walked for ``include`` globs.

    ``exclude`` globs drop files and folders (named directly or found). Missing paths,
    directories without article files and symlink loops become one-line errors, and the
    other paths are still collected. ``-`` stands for standard input.
    """
    found = Discovery()
    seen: set[str] = set()
    for path in paths:
        if path == "-":
            found.files.append(path)
        elif os.path.isdir(path):
            before, errors = len(found.files), len(found.errors)
            _walk(path, include, exclude, found, seen)
            if len(found.files) == before and len(found.errors) == errors:
                found.errors.append(f"{path}: no article files ({', '.join(include)}) in this directory")
        elif os.path.lexists(path) and not os.path.exists(path):
            found.errors.append(f"{path}: broken or looping symbolic link")
        elif os.path.exists(path):
            _add(path, exclude, found, seen)
        else:
            found.errors.append(f"{path}: no such file or directory")
    return found
