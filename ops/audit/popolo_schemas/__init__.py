"""The Popolo JSON schemas (Draft 3), vendored: see README.md."""
