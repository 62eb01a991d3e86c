"""Test support for Kelisim: the ``shared.testing.infra`` pytest plugin (real PostgreSQL and a
Kafka-compatible broker). Load it with ``pytest_plugins = ["shared.testing.infra"]``."""
