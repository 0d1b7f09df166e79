"""The exercises: the ipywidgets views a learner works in, each thin, on the one base class
in base.py (autosave, restore, export). Each shows a work model from work/ and drawings from
diagrams/. May import case, work, stats and diagrams."""
