"""Package data: one JSON file per rulebook, ``<assembly>-<year>.json``."""
