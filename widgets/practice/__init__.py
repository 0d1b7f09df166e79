"""Practice notebooks for any case (`workbook practice CASE --out DIR`): which exercises a
case supports, one notebook per exercise carrying the case's own text, executed so it opens
ready. May import case, work and stats; it writes the exercises' code into the notebooks and
never imports exercises, workshop or book itself."""
