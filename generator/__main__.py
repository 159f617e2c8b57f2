"""`python -m generator`: the same as the `dossier` command."""

from .cli import cli

cli(prog_name="dossier")
