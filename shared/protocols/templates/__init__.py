"""Jinja2 templates of protocol documents."""
