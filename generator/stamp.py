"""Remember what the last successful build was made from, so an unchanged rerun skips MkDocs.

The fingerprint covers everything the site and the PDF are made from besides
`data/` and `seeds/`, which the pages already reflect: the pages, the
hand-written files of `docs/`, `mkdocs.yml`, the theme's `custom_dir`, the
generator's code and templates, the versions of MkDocs and Material, and the
build options. The stamp lives in the staging folder, never in the site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from .render import BUILTIN_TEMPLATES
from .write import MANIFEST, read_manifest, write_atomic

log = logging.getLogger(__name__)

STAMP = "last-build.json"
PACKAGES = ("mkdocs", "mkdocs-material")
CODE = Path(__file__).resolve().parent


def _files(folder: Path) -> Iterator[Path]:
    """Files under `folder`, sorted; none when it does not exist."""
    if folder.is_dir():
        yield from (
            p for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
        )


def _theme_dir(config_file: Path) -> Path | None:
    """The theme's `custom_dir` named in mkdocs.yml, if any."""
    with config_file.open("rb") as handle:
        config = yaml_load(handle) or {}
    theme = config.get("theme") if isinstance(config, dict) else None
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.parent / custom if isinstance(custom, str) else None


def fingerprint(root: Path, pages: dict[str, bytes], config_file: Path, options: str) -> str:
    """A digest of every input of the site and the PDF; `options` names the build's settings."""
    digest = hashlib.sha256()

    def add(name: str, content: bytes) -> None:
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)

    for rel, content in sorted(pages.items()):
        add(f"page {rel}", content)
    generated = read_manifest(root / "docs") | {MANIFEST}
    for path in _files(root / "docs"):
        if (rel := path.relative_to(root / "docs").as_posix()) not in generated:
            add(f"docs {rel}", path.read_bytes())
    add("config", config_file.read_bytes())
    for folder in (_theme_dir(config_file), root / "templates", BUILTIN_TEMPLATES, CODE):
        for path in _files(folder) if folder else ():
            add(f"file {path}", path.read_bytes())
    for package in PACKAGES:
        add(package, version(package).encode())
    add("options", f"{options} SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}".encode())
    return digest.hexdigest()


def _read(folder: Path) -> dict[str, str]:
    try:
        stamps = json.loads((folder / STAMP).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def is_current(folder: Path, site: Path, inputs: str) -> bool:
    """Whether `site` exists and was last built, successfully, from `inputs`."""
    return site.is_dir() and _read(folder).get(str(site.resolve())) == inputs


def record(folder: Path, site: Path, inputs: str) -> None:
    """Note that `site` was just built from `inputs`."""
    stamps = _read(folder) | {str(site.resolve()): inputs}
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / STAMP, json.dumps(stamps, indent=1, sort_keys=True).encode() + b"\n")
