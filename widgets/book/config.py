"""Launch settings for the published book, given at build time.

Where the book is hosted (its repository, a BinderHub, a JupyterHub) belongs to whoever
publishes it, not to the workbook, so `make book REPOSITORY_URL=… BINDERHUB_URL=…
JUPYTERHUB_URL=…` passes them here, and Jupyter Book builds with _config.yml plus these.
Without them the book has no launch buttons; the download button (.ipynb) is always there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]


def _url(value: str, what: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"{what} must be an http(s) address such as https://example.org, "
                         f"not {value!r}")
    return value.rstrip("/")


def launch_config(base: dict, repository: str | None, binderhub: str | None,
                  jupyterhub: str | None, branch: str = "main") -> dict:
    config = dict(base)
    # The overlay is read from another folder, where relative extension paths would not resolve.
    sphinx = dict(config.get("sphinx", {}))
    sphinx["local_extensions"] = {name: str((ROOT / path).resolve()) for name, path in
                                  sphinx.get("local_extensions", {}).items()}
    config["sphinx"] = sphinx
    if not (binderhub or jupyterhub):
        return config
    if not repository:
        raise ValueError("launch buttons need REPOSITORY_URL, the public address of this "
                         "repository (for example https://github.com/you/bpd-workbook)")
    config["repository"] = {"url": _url(repository, "REPOSITORY_URL"), "branch": branch,
                            "path_to_book": ""}
    config["launch_buttons"] = {
        "notebook_interface": "jupyterlab",
        "binderhub_url": _url(binderhub, "BINDERHUB_URL") if binderhub else "",
        "jupyterhub_url": _url(jupyterhub, "JUPYTERHUB_URL") if jupyterhub else "",
        "thebe": False,
    }
    config.setdefault("html", {})["use_repository_button"] = True
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repository", default="")
    parser.add_argument("--binderhub", default="")
    parser.add_argument("--jupyterhub", default="")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    # Round-trip, not "safe": the safe dumper sorts keys, and the order of nb_ipywidgets_js is
    # the order of the <script> tags (require.js must load before the widget manager).
    yaml = YAML(typ="rt")
    base = yaml.load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    try:
        config = launch_config(base, args.repository or None, args.binderhub or None,
                               args.jupyterhub or None, args.branch)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as stream:
        yaml.dump(config, stream)
    return 0


if __name__ == "__main__":
    sys.exit(main())
