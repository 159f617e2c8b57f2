"""Joining each run of a template's output changes no page: same text as Jinja's own code.

`render._JoinedOutput` yields a run of text and printed values as one string.
Each test renders the same templates with it and with Jinja's code generator.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.compiler import CodeGenerator

from generator.render import make_environment

TEMPLATES = {
    "base.md.j2": (
        "# {{ title }}\n{% block body %}{% endblock %}\n"
        "{% set tail %}end of {{ title }}{% endset %}{{ tail }} {{ tail | length }}\n"
    ),
    "child.md.j2": """{% extends "base.md.j2" %}
{% macro row(item) %}- {{ item.name }} ({{ item.count }}){% endmacro %}
{% macro box() %}[{{ caller() }}]{% endmacro %}
{% block body %}
{% for item in items %}
{{ row(item) }}{{ ", " if not loop.last }}#{{ loop.index }} {{ item.name | upper }}
{% if item.count > 1 %}
  many: {{ item.count }} {{ item.note }}
{% endif %}
{% else %}
nothing
{% endfor %}
{% filter indent(2, first=True) %}
{{ title }} {{ items | length }}
{% endfilter %}
{% call box() %}inside {{ title }}{% endcall %} {{ "<b>" }} {{ none }}
{% endblock %}
""",
}
CONTEXT = {
    "title": "A *title*",
    "items": [
        {"name": "one <i>", "count": 1, "note": "x"},
        {"name": "two", "count": 3, "note": "_y_"},
    ],
}


def environments(tmp_path: Path, autoescape: bool) -> tuple[jinja2.Environment, jinja2.Environment]:
    """The generator's environment (as the PDF uses it, with `autoescape`) and Jinja's own."""
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in TEMPLATES.items():
        (folder / name).write_text(text, "utf-8")
    joined = make_environment(tmp_path)
    if autoescape:
        joined = joined.overlay(autoescape=True, finalize=None)
    plain = joined.overlay()
    plain.code_generator_class = CodeGenerator
    return joined, plain


def test_pages_are_the_same_with_fewer_pieces(tmp_path: Path) -> None:
    joined, plain = environments(tmp_path, autoescape=False)
    ours, theirs = (env.get_template("child.md.j2") for env in (joined, plain))
    assert ours.render(CONTEXT) == theirs.render(CONTEXT)
    assert "#1 ONE &#60;I&#62;\n" in ours.render(CONTEXT)  # values are still escaped
    assert len(list(ours.generate(CONTEXT))) < len(list(theirs.generate(CONTEXT))) / 2


def test_autoescaped_templates_are_the_same(tmp_path: Path) -> None:
    joined, plain = environments(tmp_path, autoescape=True)
    ours, theirs = (env.get_template("child.md.j2") for env in (joined, plain))
    assert ours.render(CONTEXT) == theirs.render(CONTEXT)
    assert "- one &lt;i&gt; (1), #1 ONE &lt;I&gt;\n" in ours.render(CONTEXT)
