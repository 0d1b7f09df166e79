"""Learners' work: one model per exercise (schema, self-states, episode chain, ratings,
contract), the one matching engine and the comparisons with the published formulation built
on it, narratives and rating results, the versioned response files and the atomic store work
is saved in. Pure: no drawing, no widgets. May import case (and widgets._version)."""
