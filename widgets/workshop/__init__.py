"""The workshop: collect a class's exported response files, build the report (agreement,
consensus, tallies, a summary to read aloud), draw its charts and consensus diagrams, and
write its HTML page. May import case, work, stats and diagrams; never exercises."""
