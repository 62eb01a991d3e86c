"""``kelisim archive load`` and ``kelisim rulebooks what-if`` (the loader itself is
``shared.archive.loader``, which the services' archive vocabularies run on)."""
