"""The vendored DejaVu Sans fonts of protocol PDFs (licence: LICENSE.txt)."""
