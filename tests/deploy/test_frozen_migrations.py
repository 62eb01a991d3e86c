"""Migrations replay the same way forever: none reads another service's live code, and the
reference data two services seed from frozen copies stays the same in both."""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import astuple
from pathlib import Path
from types import ModuleType

import pytest

from services.membership.domain.reference_data import ETHNIC_GROUPS, REGIONS

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = sorted(ROOT.glob("services/*/migrations/versions/*.py"))


def _load(relative: str) -> ModuleType:
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"frozen_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parts[-4]}/{p.name}")
def test_a_migration_imports_no_service_code(path: Path) -> None:
    services = sorted(m for m in _imported_modules(path) if m.split(".")[0] == "services")
    assert services == [], f"{path.relative_to(ROOT)} imports live service code: {services}"


@pytest.mark.parametrize(
    "relative",
    [
        "services/membership/migrations/versions/0003_reference.py",
        "services/monitoring/migrations/versions/0002_monitoring.py",
    ],
)
def test_the_frozen_reference_data_is_what_membership_seeded(relative: str) -> None:
    # Both copies were frozen from membership's reference data; a change to that data needs a
    # new migration (and an event), never an edit of the frozen copy.
    migration = _load(relative)
    assert [tuple(r) for r in migration.REGIONS] == [astuple(r) for r in REGIONS]
    assert [tuple(g) for g in migration.ETHNIC_GROUPS] == [astuple(g) for g in ETHNIC_GROUPS]
