"""The setup step that finds (or installs) Graphviz's dot."""

from widgets import system_deps


def test_apt_file_lists_graphviz():
    assert "graphviz" in system_deps.apt_packages()


def test_apt_file_ignores_comments_and_blank_lines(tmp_path):
    apt = tmp_path / "apt.txt"
    apt.write_text("# system packages\n\ngraphviz\n  chromium  \n", encoding="utf-8")
    assert system_deps.apt_packages(apt) == ["graphviz", "chromium"]


def test_missing_dot_gives_install_commands_for_each_system(monkeypatch, capsys):
    monkeypatch.setenv("PATH", "")
    assert system_deps.missing_programs() == ["dot"]
    assert system_deps.main([]) == 1
    err = capsys.readouterr().err
    for system in ("Debian/Ubuntu", "macOS", "Windows"):
        assert system in err
    assert "sudo apt-get install graphviz" in err and "brew install graphviz" in err


def test_present_dot_is_quiet(capsys):
    assert system_deps.main([]) == 0
    assert capsys.readouterr().err == ""


def test_the_browser_is_asked_for_only_by_the_tests(monkeypatch, capsys):
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("WORKBOOK_CHROMIUM", raising=False)
    assert system_deps.missing_programs() == ["dot"]
    assert system_deps.missing_programs(tests=True) == ["dot", "chromium"]
    assert system_deps.main(["--tests"]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install chromium" in err and "WORKBOOK_CHROMIUM" in err
    assert system_deps.apt_packages(system_deps.TEST_APT_FILE) == ["chromium"]


def test_an_explicit_browser_path_counts(monkeypatch):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("WORKBOOK_CHROMIUM", "/opt/chrome/chrome")
    assert system_deps.missing_programs(tests=True) == ["dot"]
