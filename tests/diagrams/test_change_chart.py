"""The pre/post chart of change on a case's measures."""



from widgets.diagrams.change_chart import change_figure


def test_figure_has_a_description_per_measure(angie):
    figure = change_figure(angie)
    assert len(figure.description) == 2
    assert "DERS: 118 (Intake) to 57 (End of therapy)" in figure.description[1]
    assert figure.description[1].endswith("verdict: reliably improved (norms unverified).")
    assert "unverified" not in figure.description[0]
    assert "(norms unverified)" in figure.caption
    assert "<svg" in figure._repr_html_() and "Text description" in figure._repr_html_()
