"""Root pytest configuration: real infrastructure fixtures for every test tier."""

pytest_plugins = ["shared.testing.infra", "shared.testing.browser"]
