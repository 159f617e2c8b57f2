"""GitHub Actions workflows and pre-commit hooks: they parse and run the commands README.md lists.

The workflows cannot run here, so these tests read them as GitHub would: the
triggers, the pinned actions, the commands of each step, the artifacts.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PAGES = WORKFLOWS / "pages.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")
CI_SECTION = "### Continuous integration"


def load(path: Path) -> dict[str, Any]:
    """A workflow as GitHub reads it; YAML 1.1 reads the key `on` as True."""
    data = yaml.safe_load(path.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step of every job, in order."""
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(workflow: dict[str, Any]) -> list[str]:
    """The shell lines of the `run:` steps, apt-get lines left out."""
    lines = [line.strip() for step in steps(workflow) for line in step.get("run", "").splitlines()]
    return [line for line in lines if line and not line.startswith("apt-get")]


def apt_packages(script: str) -> set[str]:
    """Packages named by `apt-get install` in a shell script."""
    words = [
        w for line in script.splitlines() if "apt-get install" in line for w in shlex.split(line)
    ]
    return {
        w for w in words if not w.startswith("-") and w not in {"apt-get", "install", ">/dev/null"}
    }


def readme_ci_commands() -> list[str]:
    """The commands in the first code block of README's "Continuous integration" section."""
    section = REPO.joinpath("README.md").read_text("utf-8").split(CI_SECTION, 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_workflow_parses_and_pins_every_action(path: Path) -> None:
    workflow = load(path)
    assert workflow["name"] and workflow["jobs"]
    for step in steps(workflow):
        assert "run" in step or "uses" in step, step
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{step['uses']}: pin a release tag vX.Y.Z or a SHA"


def test_pull_request_workflow_runs_the_readme_commands_in_order() -> None:
    workflow = load(PULL_REQUEST)
    assert "pull_request" in workflow["on"]
    assert commands(workflow) == readme_ci_commands()
    assert "dossier check --format github" in " ".join(commands(workflow))


def test_pull_request_workflow_uploads_the_site_and_the_pdf() -> None:
    uploads = {
        s["with"]["name"]: s["with"]
        for s in steps(load(PULL_REQUEST))
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads["site"]["path"].rstrip("/") == "site"
    assert uploads["pdf"]["path"] == "site/*.pdf"
    assert all(u["if-no-files-found"] == "error" for u in uploads.values())


def test_pull_request_workflow_installs_what_ci_installs() -> None:
    script = "\n".join(s.get("run", "") for s in steps(load(PULL_REQUEST)))
    ci_run = REPO.joinpath(".ci", "run").read_text("utf-8")
    assert apt_packages(script) == apt_packages(ci_run) != set()


def test_pages_workflow_builds_on_main_and_deploys() -> None:
    workflow = load(PAGES)
    assert workflow["on"]["push"]["branches"] == ["main"]
    readme = REPO.joinpath("README.md").read_text("utf-8")
    for command in commands(workflow):
        assert f"`{command}`" in readme or command in readme_ci_commands(), command
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    assert uses[-2:] == ["actions/upload-pages-artifact", "actions/deploy-pages"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


@pytest.mark.parametrize(
    "command", sorted({c for p in (PULL_REQUEST, PAGES) for c in commands(load(p))})
)
def test_every_workflow_command_exists(command: str) -> None:
    program, *args = shlex.split(command)
    if program == "make":
        targets = re.findall(r"^([\w-]+):", REPO.joinpath("Makefile").read_text("utf-8"), re.M)
        assert args[0] in targets
    elif program.endswith("/dossier"):
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0, result.output
    else:
        assert program == ".venv/bin/mkdocs" and args == ["build", "--strict"]


def hooks(path: Path) -> dict[str, dict[str, Any]]:
    """Hooks by id, from a hooks file or from every repo of a config."""
    data = yaml.safe_load(path.read_text("utf-8"))
    found = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
    return {hook["id"]: hook for hook in found}


def test_pre_commit_hook_for_other_repositories_runs_dossier_check(
    dossier_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = hooks(REPO / ".pre-commit-hooks.yaml")["dossier-check"]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("data/people/ana-nunez.yml") and files.search("seeds/report.txt")
    assert not files.search("README.md")
    monkeypatch.chdir(dossier_copy("basic"))
    program, *args = shlex.split(hook["entry"])
    assert program == "dossier"
    assert CliRunner().invoke(cli, args).exit_code == 0


def test_project_pre_commit_config_runs_ruff_yaml_and_dossier_checks() -> None:
    config = yaml.safe_load(REPO.joinpath(".pre-commit-config.yaml").read_text("utf-8"))
    for repo in config["repos"]:
        assert repo["repo"] == "local" or re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"]), repo
    found = hooks(REPO / ".pre-commit-config.yaml")
    assert {"ruff-check", "ruff-format", "check-yaml", "dossier-check", "dossier-schema"} <= set(
        found
    )
    for hook_id in ("dossier-check", "dossier-schema"):
        program, *args = shlex.split(found[hook_id]["entry"])
        assert program == ".venv/bin/dossier"
        assert CliRunner().invoke(cli, [*args, "--help"]).exit_code == 0
