"""Kelisim's operator's toolbox: the ``kelisim`` command, the embedded runtime and its
supervisor, the development identity provider, the auditor's tools, the archive and
what-if commands, the demo loader and the test helpers. It stands above the services and
the platform (``shared``), which never import it."""
