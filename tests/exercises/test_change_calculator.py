"""The ChangeCalculator widget: sources beside every norm, bad fields refused."""



from widgets.exercises.change_calculator import ChangeCalculator


def test_calculator_shows_sources_and_refuses_bad_fields(angie):
    calc = ChangeCalculator(angie)
    calc.picker.value = "ders"
    assert calc.fields["sd"].value == "20.72"
    assert "Gratz &amp; Roemer (2004)" in calc.sources["sd"].value
    assert "UNVERIFIED" in calc.sources["sd"].value
    assert "not known" in calc.sources["clinical_mean"].value
    assert "-6.01" in calc.result.value
    calc.fields["reliability"].value = "1"
    assert "The reliability must be from 0 up to (not including) 1" in calc.result.value
    calc.fields["reliability"].value = "high"
    assert "Reliability (test–retest): &#x27;high&#x27; is not a number." in calc.result.value
    calc.load_defaults()
    calc.fields["normal_sd"].value = "18,79"  # a decimal comma is read as a point
    assert "recovered" in calc.result.value
    calc.picker.value = "scl-90-r-gsi"
    assert "(verified)" in calc.sources["reliable_change"].value
    assert calc.criterion.value == "published"
