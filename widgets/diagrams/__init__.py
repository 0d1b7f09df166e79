"""Diagrams and charts: pure builders from a case or a learner's work to DOT text (or a
matplotlib chart), the house style they share, the registry of the diagrams the command line
draws, and the render layer that turns DOT into SVG or PNG. May import case, work and stats
(and widgets.system_deps)."""
