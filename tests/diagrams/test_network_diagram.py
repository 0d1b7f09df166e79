"""The social-network diagram and table, for any case."""

import xml.etree.ElementTree as ET

from conftest import ANGIE, MINIMAL, REN

from widgets import load_case
from widgets.diagrams.network import network_dot, network_figure, network_table


def test_angies_network_before_and_after():
    case = load_case(ANGIE)
    table = network_table(case)
    before = table[table["When"] == "At intake"]
    after = table[table["When"] == "At the 12-month follow-up"]
    assert list(before["Who"]) == [t.who for t in case.social_network.before]
    assert set(before["Closeness (workbook's reading)"]) == {"close"}
    assert {"Theatre group", "Business training programme"} <= set(after["Who"])
    dot = network_dot(case)
    assert dot == network_dot(case)  # deterministic
    assert "[label=outer penwidth=1.2 style=dashed]" in dot
    assert "[label=close penwidth=3 style=bold]" in dot


def test_fictional_ties_are_labelled_and_empty_networks_say_so():
    ren = load_case(REN)
    assert 'label="Book club (group)\\n[fictional]"' in network_dot(ren)
    assert network_table(ren).set_index("Who").loc["Book club", "Fictional"] == "yes"
    assert network_dot(load_case(MINIMAL)).count("(no ties recorded)") == 2


def test_hostile_names_render_as_text(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8") + (
        "social_network:\n  before:\n    - who: '<script>x</script> \\\\'\n      kind: friend\n"
        "      closeness: middle\n      quality: '\"q\" & <b>'\n      ref: §1\n")
    path = tmp_path / "n.yaml"
    path.write_text(text, encoding="utf-8")
    figure = network_figure(load_case(path))
    root = ET.fromstring(figure.svg())
    drawn = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<script>x</script> \\\\ (friend)" in drawn  # YAML single quotes keep both
    assert "&lt;script&gt;" in figure._repr_html_() and "<script>x" not in (
        figure._repr_html_().split("<svg")[0])
