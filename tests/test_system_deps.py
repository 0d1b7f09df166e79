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
