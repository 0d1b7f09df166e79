"""The hostile-input suite: the reliability review's measurements (areas 1, 2, 3 and 5, and
hostile case files) as committed code.

    pytest tests/hostile               the pytest budget; every count must be zero
    python tests/hostile/run.py        the full run (5,000+ inputs, 400 kills), with totals

corpus.py holds the hostile text, checks.py the counting rules, drivers.py one driver per
exercise widget, persistence.py / cli_cases.py / report_cases.py the other areas, and
areas.py the budgets and the table.
"""
