"""Articles and their annotations: import, the TinyDB store, export. No spaCy, no UI."""
