"""Platform behaviour checked through the real services: these tests need service code, so they
live here rather than in ``shared/tests`` (the platform imports no service)."""

from shared.tests.integration.conftest import platform_db  # noqa: F401  (a fixture)
