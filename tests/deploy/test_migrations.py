"""Expand, then contract: a database migrated by this release serves the previous release's
code, and a pod starts on a database at its revision or newer but waits while it is older
(deploy/migrate.py --check; shared/migrations.py)."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from shared.migrations import check_async, head_revision, upgrade_async
from shared.runtime.catalog import SERVICES, get_service
from tests.deploy.manifests import REPO
from tests.deploy.schemas import VERSIONS

PREVIOUS_RELEASE = VERSIONS["kelisim"]["previousRelease"]


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_each_service_has_one_numbered_line_of_revisions(spec) -> None:  # type: ignore[no-untyped-def]
    head = head_revision(spec.migrations_dir())
    assert head == f"{len(list((spec.migrations_dir() / 'versions').glob('0*.py'))):04d}"


def future_revision(scripts: Path, tmp_path: Path) -> Path:
    """A copy of the scripts with one more, expand-only revision (what the next release adds)."""
    copy = tmp_path / "migrations"
    shutil.copytree(scripts, copy, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision(scripts)
    nxt = f"{int(head) + 1:04d}"
    (copy / "versions" / f"{nxt}_future.py").write_text(
        f'''from alembic import op

revision = "{nxt}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE next_release_table (id bigint PRIMARY KEY)")


def downgrade() -> None:
    op.execute("DROP TABLE next_release_table")
''',
        encoding="utf-8",
    )
    return copy


def check_command(service: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KELISIM_")}
    env[get_service(service).database_env] = url
    return subprocess.run(
        [sys.executable, str(REPO / "deploy" / "migrate.py"), service, "--check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.integration
async def test_a_pod_waits_for_an_older_database_and_starts_on_a_newer_one(
    fresh_database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    scripts = get_service("council").migrations_dir()
    url = await fresh_database("deploy_schema_check")
    assert (await check_async(url, scripts)).state == "missing"
    assert check_command("council", url).returncode == 1

    await upgrade_async(url, scripts, "0003")
    behind = await check_async(url, scripts)
    assert (behind.state, behind.servable) == ("behind", False)
    assert check_command("council", url).returncode == 1

    await upgrade_async(url, scripts)
    assert (await check_async(url, scripts)).state == "current"
    assert check_command("council", url).returncode == 0

    # The next release migrated it: this code has no script for that revision, and runs.
    await upgrade_async(url, future_revision(scripts, tmp_path))
    ahead = await check_async(url, scripts)
    assert (ahead.state, ahead.servable) == ("ahead", True)
    result = check_command("council", url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"state": "ahead"' in result.stdout + result.stderr


def test_revisions_out_of_line_are_refused(tmp_path: Path) -> None:
    scripts = future_revision(get_service("council").migrations_dir(), tmp_path)
    future = next((scripts / "versions").glob("*_future.py"))
    future.write_text(future.read_text().replace('revision = "', 'revision = "x', 1))
    with pytest.raises(ValueError, match="four-digit sequence numbers"):
        head_revision(scripts)


def previous_release_tree(tmp_path: Path) -> Path:
    """The previous release's files, from git (deploy/versions.yaml names the commit)."""
    if not (REPO / ".git").exists():
        pytest.fail("the previous release comes from this repository's git history")
    archive = subprocess.run(
        ["git", "archive", "--format=tar", PREVIOUS_RELEASE, "shared", "services"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert archive.returncode == 0, archive.stderr.decode()
    tree = tmp_path / "previous"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tree, filter="data")
    return tree


# Runs in the previous release's tree: its membership app on the given database, a member
# recorded and read back through its API, and its readiness.
PREVIOUS_RELEASE_SCRIPT = """
import asyncio, sys
import httpx
import shared
from services.membership.main import create_app
from services.membership.settings import MembershipSettings
from shared.api.app import auth_settings
from shared.api.auth import mint_token
from shared.settings import PlatformSettings

assert shared.__file__.startswith(sys.argv[2]), shared.__file__  # the previous release's code

async def main(url):
    platform = PlatformSettings(
        environment="test", jwt_secret="p" * 48, kafka_bootstrap_servers=sys.argv[4]
    )
    settings = MembershipSettings(
        database_url=url, run_relay=False, run_consumer=False, run_tree_builder=False,
        platform=platform,
    )
    app = create_app(settings)
    token = mint_token(auth_settings(platform), "president", ["chairman"])
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://old") as client:
        ready = await client.get("/ready")
        assert ready.status_code == 200, ready.text
        created = await client.post("/v1/members", headers=headers, json={
            "person": {"name": {"kk": "Мүше", "ru": "Член"}, "iin": sys.argv[3],
                       "gender": "female"},
            "region": "astana", "category": "public_figure",
            "decision": {"number": "Ө-1", "date": "2026-01-10"},
            "effective_on": "2026-01-15",
        })
        assert created.status_code == 201, created.text
        member = created.json()["member_id"]
        read = await client.get(f"/v1/members/{member}", headers=headers)
        assert read.status_code == 200, read.text
    await app.state.platform.dispose()
    print("previous release served", member)

asyncio.run(main(sys.argv[1]))
"""


@pytest.mark.integration
@pytest.mark.broker  # the previous release's /ready also asked for the broker
async def test_the_previous_release_runs_on_a_database_this_release_migrated(
    fresh_database, kafka_bootstrap: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.system import valid_iins

    url = await fresh_database("deploy_previous_release")
    scripts = get_service("membership").migrations_dir()
    await upgrade_async(url, scripts)
    tree = previous_release_tree(tmp_path)
    previous_head = head_revision(tree / "services" / "membership" / "migrations")
    check = await check_async(url, scripts)
    assert check.state == "current"
    print_note = f"database at {check.database}, previous release needs {previous_head}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KELISIM_")}
    env["PYTHONPATH"] = str(tree)
    result = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-c",
            PREVIOUS_RELEASE_SCRIPT,
            url,
            str(tree),
            valid_iins(1)[0],
            kafka_bootstrap,
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, f"{print_note}\n{result.stdout}\n{result.stderr[-4000:]}"
    assert "previous release served" in result.stdout
