"""Settings built from exactly the environment a container would get."""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from shared.runtime.catalog import ServiceSpec
from shared.settings import ServiceSettings
from tests.deploy.manifests import settings_class

LoadSettings = Callable[[ServiceSpec, Mapping[str, str]], ServiceSettings]


def assemble(spec: ServiceSpec, settings: ServiceSettings) -> None:
    """Build the service from ``settings`` as its app does at start-up (no connection is made):
    what a service requires only when it is assembled (audit keys in production, ...) must be
    there too."""
    platform = importlib.import_module(f"{spec.module}.bootstrap").build(settings)
    try:
        audit = getattr(platform, "audit", None)
        if audit is not None:
            _ = audit.keys  # loaded on first use; in production they must be in the settings
    finally:
        asyncio.run(platform.dispose())


@pytest.fixture
def load_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> LoadSettings:
    """Instantiate a service's settings class from ``env`` alone (no ``.env``, no host vars)."""
    monkeypatch.chdir(tmp_path)

    def load(spec: ServiceSpec, env: Mapping[str, str]) -> ServiceSettings:
        for name in list(os.environ):
            if name.startswith("KELISIM_"):
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return settings_class(spec)()

    return load
