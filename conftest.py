"""Root pytest configuration: real infrastructure fixtures for every test tier."""

pytest_plugins = ["ops.testing.infra", "ops.testing.browser"]
