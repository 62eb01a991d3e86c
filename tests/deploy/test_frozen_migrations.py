"""Migrations replay the same way forever: none reads another service's live code, and the
reference data two services seed from frozen copies stays the same in both."""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.util
import json
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


# The platform's DDL as the services' revisions replay it. Each set of statements is a frozen
# revision: a database migrated years ago and a fresh one must get the same tables from it, so
# a change to the platform schema is a new set of statements called from a new revision of
# every service, never an edit of these (expand, then contract: docs/operations.md, "Upgrade").
FROZEN_PLATFORM_DDL = {
    "eventstore.UPGRADE": "3641b5fd12b6cca4b29ecf1244823926b99b56a439d1aebb4ca14ee3d294c584",
    "eventstore.DOWNGRADE": "44d3ae9f90d19260396dda0c62869f44e0759674973ac6fb359d951ebe88148d",
    "audit.UPGRADE": "54947a6e5146bf507b48e29b0dc25b20f0415a630c493b697e10887b24ef7f6e",
    "audit.DOWNGRADE": "ddb715ba586dde66e68d0dc6390b07c9c0d0ac6816954c168792c85b7e5815a5",
    "audit.LEAF_FORMAT_UPGRADE": "0177cb34b565787cd25d8ac6645fb42b3ab9150529152285fd354fb94642f88e",
    "audit.LEAF_FORMAT_DOWNGRADE": (
        "32d92edd674aa4ad257e48c9ab380079aa2964dddf6b0cb94f327905ae99641c"
    ),
}


@pytest.mark.parametrize("name", sorted(FROZEN_PLATFORM_DDL))
def test_the_platform_revisions_are_frozen(name: str) -> None:
    package, constant = name.split(".")
    module = importlib.import_module(f"shared.{package}.schema")
    statements = list(getattr(module, constant))
    digest = hashlib.sha256(json.dumps(statements).encode()).hexdigest()
    assert digest == FROZEN_PLATFORM_DDL[name], (
        f"shared/{package}/schema.py {constant} changed: platform revisions are frozen; add "
        "the change as new statements applied by a new revision of every service"
    )
