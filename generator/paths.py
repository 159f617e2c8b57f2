"""Relative links between files of `docs/`."""

from __future__ import annotations

import posixpath
from functools import cache


@cache
def relative_path(target: str, start: str) -> str:
    """`posixpath.relpath(target, start)` for paths inside `docs/`, remembered.

    Pages link to the same few thousand places, and `posixpath.relpath` asks the
    operating system for the working directory twice a call; clean relative
    paths (no `.`, `..` or empty parts) need only their common folders compared.
    """
    parts = target.split("/")
    folders = [] if start in ("", ".") else start.split("/")
    if {"", ".", ".."} & {*parts, *folders}:
        return posixpath.relpath(target, start)
    common = 0
    while common < min(len(parts) - 1, len(folders)) and parts[common] == folders[common]:
        common += 1
    return "/".join([".."] * (len(folders) - common) + parts[common:])
