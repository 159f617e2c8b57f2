"""Remember what the last successful build was made from, so an unchanged rerun does nothing.

Two digests, kept per site folder in the staging folder (never in the site):

- `sources`: every file `dossier build` reads (`data/`, `seeds/`, `templates/`,
  the hand-written files of `docs/`, `mkdocs.yml`, the theme's `custom_dir`, the
  generator's code and templates), the installed package versions and the
  options; with `written`, the names, sizes and times of the pages in `docs/`
  after the build. When both match, the build stops before parsing anything.
- `pages`: the generated pages and the same environment. When the sources
  changed but the pages did not (a YAML comment, a reordered file), MkDocs is skipped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import distributions
from itertools import chain
from pathlib import Path

from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from .render import BUILTIN_TEMPLATES
from .write import MANIFEST, read_manifest, scan, write_atomic

log = logging.getLogger(__name__)

STAMP = "last-build.json"
CODE = Path(__file__).resolve().parent
Part = tuple[str, bytes]


def _files(folder: Path | None) -> Iterator[tuple[str, str]]:
    """(path relative to `folder`, full path) of each file under it, sorted; none if missing."""
    if folder is not None:
        for rel in sorted(scan(folder).files):
            if "__pycache__" not in rel.split("/"):
                yield rel, os.path.join(folder, rel)


def _content(path: str) -> bytes:
    with open(path, "rb", buffering=0) as handle:
        return handle.readall()


def _theme_dir(config_file: Path) -> Path | None:
    """The theme's `custom_dir` named in mkdocs.yml, if any (MkDocs reports a broken file)."""
    try:
        with config_file.open("rb") as handle:
            config = yaml_load(handle) or {}
    except (OSError, MkDocsException):
        return None
    theme = config.get("theme") if isinstance(config, dict) else None
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.parent / custom if isinstance(custom, str) else None


def _digest(parts: Iterable[Part]) -> str:
    digest = hashlib.sha256()
    for name, content in parts:
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def environment(root: Path, config_file: Path) -> str:
    """A digest of what the site is made from besides the data: hand-written docs, config, code.

    With the installed package versions. `sources` and `fingerprint` both
    include it; a caller that needs both computes it once and hands it to each.
    """
    docs = root / "docs"
    generated = read_manifest(docs) | {MANIFEST}
    parts: list[Part] = [
        (f"docs {rel}", _content(path)) for rel, path in _files(docs) if rel not in generated
    ]
    parts.append(("config", config_file.read_bytes() if config_file.is_file() else b"missing"))
    for folder in (_theme_dir(config_file), root / "templates", BUILTIN_TEMPLATES, CODE):
        parts += [(f"file {path}", _content(path)) for _, path in _files(folder)]
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    parts.append(("packages", "\n".join(packages).encode()))
    return _digest(parts)


def _options(options: str) -> Part:
    return "options", f"{options} SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}".encode()


def fingerprint(
    root: Path,
    pages: Mapping[str, bytes],
    config_file: Path,
    options: str,
    environment_digest: str | None = None,
) -> str:
    """A digest of the pages and everything else the site and the PDF are made from."""
    env = environment_digest or environment(root, config_file)
    pages_parts = ((f"page {rel}", content) for rel, content in sorted(pages.items()))
    return _digest(chain(pages_parts, [("environment", env.encode()), _options(options)]))


def sources(
    root: Path, config_file: Path, options: str, environment_digest: str | None = None
) -> str:
    """A digest of every file a build reads, without parsing any, and of its environment."""
    env = environment_digest or environment(root, config_file)
    data = (
        (f"input {folder}/{rel}", _content(path))
        for folder in ("data", "seeds")
        for rel, path in _files(root / folder)
    )
    return _digest(chain(data, [("environment", env.encode()), _options(options)]))


def written(root: Path) -> str:
    """A digest of the names, sizes and times of the pages the generator wrote into docs/."""
    docs = root / "docs"
    return _digest(
        (rel, f"{info.st_size} {info.st_mtime_ns}".encode())
        for rel in sorted(read_manifest(docs) | {MANIFEST})
        if (info := _stat(os.path.join(docs, rel)))
    )


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _read(folder: Path) -> dict[str, dict[str, str]]:
    try:
        stamps = json.loads((folder / STAMP).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def is_current(folder: Path, site: Path, **digests: str) -> bool:
    """Whether `site` exists and its last successful build had these digests."""
    last = _read(folder).get(str(site.resolve()))
    return (
        site.is_dir()
        and isinstance(last, dict)
        and all(last.get(k) == v for k, v in digests.items())
    )


def record(folder: Path, site: Path, **digests: str) -> None:
    """Note that `site` was just built with these digests (others recorded for it are kept)."""
    stamps = _read(folder)
    key = str(site.resolve())
    last = stamps.get(key)
    stamps[key] = {**(last if isinstance(last, dict) else {}), **digests}
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / STAMP, json.dumps(stamps, indent=1, sort_keys=True).encode() + b"\n")
