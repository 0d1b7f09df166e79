"""The case: the typed model of a case file, the loader that reads one and checks it as a
whole, its error reports, the shared vocabularies and the metacognition rubric, and the
lowest helpers every stage uses (text made safe for XML, prose joined into sentences). The
bottom stage: it imports nothing else from widgets."""
