"""Every dependency of every service's routes is a coroutine function.

FastAPI runs a plain ``def`` dependency in its thread pool: a thread hop on every request
that uses it (the plenary benchmark's server spent part of each ballot starting and waking
those threads while ``get_platform`` was one)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from shared.runtime.catalog import SERVICES, ServiceSpec


def _routes(router: Any) -> Iterator[APIRoute]:
    """The API routes of an app or router, also of the routers it includes."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI's included router
        if included is not None:
            yield from _routes(included)


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _dependencies(dependency)


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_route_dependencies_are_coroutines(
    spec: ServiceSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KELISIM_HOME", str(tmp_path))
    prefix = f"KELISIM_{spec.name.upper()}_"
    # The engine is created, never connected: nothing listens on port 9.
    monkeypatch.setenv(prefix + "DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:9/none")
    app = importlib.import_module(f"{spec.module}.main").create_app()
    routes = list(_routes(app))
    assert any(route.path == "/v1/audit/tree-head" for route in routes)
    plain = {
        f"{route.path}: {dependency.call.__qualname__}"
        for route in routes
        for dependency in _dependencies(route.dependant)
        if dependency.call is not None and not inspect.iscoroutinefunction(dependency.call)
    }
    assert not plain, sorted(plain)
