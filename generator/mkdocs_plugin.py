"""A thin MkDocs plugin: regenerate pages on `mkdocs build`/`serve`, point edit links at YAML.

The generator never depends on it: `dossier build` writes plain Markdown into
`docs/`, which any MkDocs-compatible publisher can build without this plugin.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import pipeline
from .errors import DossierError
from .write import write_pages

log = logging.getLogger(__name__)
WATCHED = ("data", "seeds", "templates")


class DossierConfig(base.Config):
    """Plugin options."""

    root = c.Optional(c.Dir(exists=True))
    """Dossier folder; defaults to the folder holding mkdocs.yml."""


class DossierPlugin(BasePlugin[DossierConfig]):
    """Rerun the generator before each build and watch its inputs while serving."""

    # Set by `dossier build` and `dossier serve`, which generate the pages themselves
    # first; the rebuilds of `dossier serve` regenerate them (see `on_serve`).
    pages_ready = False

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(self.config.root or Path(config.config_file_path).parent)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Generate the pages into docs/ unless `dossier build` or `serve` just did."""
        if not self.pages_ready:
            root = self._root(config)
            try:
                _, pages = pipeline.generate_files(root, pdf=False)  # MkDocs alone makes no PDF
                write_pages(pages, Path(config.docs_dir))
            except DossierError as exc:
                raise PluginError(f"dossier: input errors\n{exc.format()}") from None
        return config

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when data/, seeds/ or templates/ change, generating the pages each time."""
        DossierPlugin.pages_ready = False  # the first build is done; rebuilds load a new plugin
        root = self._root(config)
        for folder in WATCHED:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Point a generated page's edit link at the YAML file it came from."""
        source = page.meta.get("dossier_source")
        if source and config.repo_url and config.edit_uri:
            base_uri = posixpath.dirname(config.edit_uri.rstrip("/"))
            page.edit_url = posixpath.join(config.repo_url.rstrip("/"), base_uri, source)
        return markdown
