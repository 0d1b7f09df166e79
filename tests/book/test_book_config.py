"""Launch settings for the published book, and what every chapter must contain."""

import json
import re

import pytest
from conftest import ROOT, book_pages
from ruamel.yaml import YAML

from widgets.book.config import launch_config, main

BASE = YAML(typ="safe").load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_without_hubs_there_are_no_launch_buttons():
    config = launch_config(BASE, None, None, None)
    assert "launch_buttons" not in config and "repository" not in config
    assert config["sphinx"]["local_extensions"]["accessible_citations"] == str(
        ROOT / "book" / "_ext")


def test_hubs_give_jupyterlab_launch_buttons_and_never_thebe():
    config = launch_config(BASE, "https://github.com/you/wb/", "https://mybinder.org",
                           "https://hub.example.org", branch="release")
    assert config["repository"] == {"url": "https://github.com/you/wb", "branch": "release",
                                    "path_to_book": ""}
    assert config["launch_buttons"] == {
        "notebook_interface": "jupyterlab", "binderhub_url": "https://mybinder.org",
        "jupyterhub_url": "https://hub.example.org", "thebe": False}
    assert BASE.get("launch_buttons") is None  # the committed config is untouched


@pytest.mark.parametrize("args, message", [
    ((None, "https://mybinder.org", None), "launch buttons need REPOSITORY_URL"),
    (("github.com/you/wb", "https://mybinder.org", None),
     "REPOSITORY_URL must be an http(s) address"),
    (("https://github.com/you/wb", "mybinder", None), "BINDERHUB_URL must be an http(s)"),
])
def test_bad_launch_settings_are_refused(args, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        launch_config(BASE, *args)


def test_command_writes_the_overlay_or_explains(tmp_path, capsys):
    out = tmp_path / "launch.yml"
    assert main(["--binderhub", "https://mybinder.org", "--out", str(out)]) == 1
    assert "REPOSITORY_URL" in capsys.readouterr().err and not out.exists()
    assert main(["--repository", "https://github.com/you/wb", "--binderhub",
                 "https://mybinder.org", "--out", str(out)]) == 0
    written = YAML(typ="safe").load(out.read_text(encoding="utf-8"))
    assert written["launch_buttons"]["binderhub_url"] == "https://mybinder.org"


CHAPTERS = [p for p in book_pages() if p.startswith("chapters/")]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_a_content_note_objectives_and_a_summary(chapter):
    notebook = json.loads((ROOT / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in notebook["cells"]
                     if c["cell_type"] == "markdown")
    assert "{admonition} Content note" in text
    assert "{admonition} In this chapter you will" in text
    assert "## Summary" in text


def test_every_glossary_term_is_defined_once():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}")[1].split("```")[0]
    terms = [line for line in body.splitlines() if line and not line.startswith(" ")]
    assert len(terms) == len(set(terms)) >= 15
    assert terms == sorted(terms, key=str.lower)


def test_the_overlay_keeps_the_order_of_the_widget_scripts(tmp_path):
    """The order of nb_ipywidgets_js is the order of the <script> tags: require.js must load
    before the widget manager, or no widget renders in the published book."""
    out = tmp_path / "launch.yml"
    assert main(["--out", str(out)]) == 0
    written = YAML(typ="safe").load(out.read_text(encoding="utf-8"))
    scripts = list(written["sphinx"]["config"]["nb_ipywidgets_js"])
    assert scripts == list(BASE["sphinx"]["config"]["nb_ipywidgets_js"])
    assert scripts.index("require.js") < scripts.index("html-manager/embed-amd.js")
