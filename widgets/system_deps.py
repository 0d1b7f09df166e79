"""Check (and, as root on Debian/Ubuntu, install) the system programs the workbook needs.

pip cannot install Graphviz's `dot`, so `make` calls this after creating the virtual
environment. The package list is apt.txt, the file Binder/repo2docker also reads.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

APT_FILE = Path(__file__).resolve().parent.parent / "apt.txt"

# program on PATH -> how to get it where we cannot install it ourselves
REQUIRED_PROGRAMS = {
    "dot": {
        "Debian/Ubuntu": "sudo apt-get install graphviz",
        "macOS (Homebrew)": "brew install graphviz",
        "Windows": "winget install graphviz (or: choco install graphviz); reopen the terminal",
        "conda": "conda install -c conda-forge graphviz",
    },
}


def apt_packages(apt_file: Path = APT_FILE) -> list[str]:
    if not apt_file.exists():
        return []
    lines = apt_file.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def missing_programs() -> list[str]:
    return [prog for prog in REQUIRED_PROGRAMS if shutil.which(prog) is None]


def can_install_with_apt() -> bool:
    return os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get") is not None


def install_with_apt(packages: list[str]) -> bool:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing system packages with apt-get: {' '.join(packages)}")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        if subprocess.run(cmd, env=env).returncode != 0:
            return False
    return True


def how_to_install(program: str) -> str:
    lines = [f"The workbook needs the '{program}' program, which is not on your PATH.",
             "Install it with the command for your system, then run make again:"]
    lines += [f"  {system:<18} {command}" for system, command in REQUIRED_PROGRAMS[program].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--install", action="store_true",
                        help="install missing packages from apt.txt when running as root")
    args = parser.parse_args(argv)
    missing = missing_programs()
    if missing and args.install and can_install_with_apt():
        install_with_apt(apt_packages())
        missing = missing_programs()
    for program in missing:
        print(how_to_install(program), file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
