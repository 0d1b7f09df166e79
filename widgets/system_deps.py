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

ROOT = Path(__file__).resolve().parent.parent
APT_FILE = ROOT / "apt.txt"
TEST_APT_FILE = ROOT / "tests" / "apt.txt"
CHROMIUM_ENV = "WORKBOOK_CHROMIUM"

# program on PATH -> how to get it where we cannot install it ourselves
REQUIRED_PROGRAMS = {
    "dot": {
        "Debian/Ubuntu": "sudo apt-get install graphviz",
        "macOS (Homebrew)": "brew install graphviz",
        "Windows": "winget install graphviz (or: choco install graphviz); reopen the terminal",
        "conda": "conda install -c conda-forge graphviz",
    },
}
# Only the browser tests need these; `make book` does not install a browser.
TEST_PROGRAMS = {
    "chromium": {
        "Debian/Ubuntu": "sudo apt-get install chromium",
        "macOS": f"brew install --cask chromium, then export {CHROMIUM_ENV}="
                 "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "Windows": f"install Chrome or Chromium and set {CHROMIUM_ENV} to its .exe",
    },
}


def apt_packages(apt_file: Path = APT_FILE) -> list[str]:
    if not apt_file.exists():
        return []
    lines = apt_file.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def chromium() -> str | None:
    return (os.environ.get(CHROMIUM_ENV) or shutil.which("chromium")
            or shutil.which("chromium-browser"))


def missing_programs(tests: bool = False) -> list[str]:
    missing = [prog for prog in REQUIRED_PROGRAMS if shutil.which(prog) is None]
    if tests and chromium() is None:
        missing.append("chromium")
    return missing


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
    commands = {**REQUIRED_PROGRAMS, **TEST_PROGRAMS}[program]
    lines = [f"The workbook needs the '{program}' program, which is not on your PATH.",
             "Install it with the command for your system, then run make again:"]
    lines += [f"  {system:<18} {command}" for system, command in commands.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--install", action="store_true",
                        help="install missing packages from apt.txt when running as root")
    parser.add_argument("--tests", action="store_true",
                        help="also what the test suite needs (tests/apt.txt: a browser)")
    args = parser.parse_args(argv)
    missing = missing_programs(args.tests)
    if missing and args.install and can_install_with_apt():
        packages = apt_packages() + (apt_packages(TEST_APT_FILE) if args.tests else [])
        install_with_apt(packages)
        missing = missing_programs(args.tests)
    for program in missing:
        print(how_to_install(program), file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
