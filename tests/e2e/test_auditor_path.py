"""End to end: the auditor's path of ``docs/auditing.md``, run as written on a fresh system.

Membership, sessions and council run as separate processes on fresh databases and the test
broker. Members are included through membership's API; then every ``kelisim audit`` command of
the page is run in its order, with its variables set, and must give the exit code the page
states (0 unless it says ``# exit N``): pin the key and a head, verify, export, verify the
export with the pinned key (refused without it), a newer head consistent with the first, replay,
the state of a member (its IIN masked), the cross-checks (an all-clear only with every
service's log). Before the page's last section an event is rewritten in the database, and the
section's commands must find it. The README's commands are the page's.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import sys
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.testing.infra import FreshDatabase
from services.membership.tests.integration.test_api import someone
from shared.identity import mask
from shared.settings import REPO_ROOT
from tests.e2e.system import DEADLINE, SECRET, System, bearer, running_system, token

DOC = REPO_ROOT / "docs" / "auditing.md"
README = REPO_ROOT / "README.md"
TAMPERED_SECTION = "10. When the log was changed"
_EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")
_VARIABLE = re.compile(r"\$([A-Z_][A-Z0-9_]*)")


@dataclass(frozen=True)
class Step:
    section: str
    line: str
    """The command as the page writes it (without its ``# exit N``)."""
    exit_code: int


def documented_steps(markdown: str) -> list[Step]:
    """Every ``kelisim`` command line in the page's ``sh`` blocks, with its section."""
    steps: list[Step] = []
    section, in_block = "", False
    for raw in markdown.splitlines():
        if raw.startswith("```"):
            in_block = not in_block and raw.strip() == "```sh"
            continue
        if not in_block and raw.startswith("## "):
            section = raw.removeprefix("## ").strip()
        if in_block and raw.startswith("kelisim "):
            found = _EXIT.search(raw)
            line = raw[: found.start()] if found else raw
            steps.append(Step(section, line.strip(), int(found.group(1)) if found else 0))
    return steps


def documented_variables(markdown: str) -> set[str]:
    return set(re.findall(r"^export ([A-Z_][A-Z0-9_]*)=", markdown, flags=re.MULTILINE))


def argv(line: str, variables: Mapping[str, str]) -> list[str]:
    """The command's arguments after ``kelisim``, its ``$VARIABLES`` replaced."""
    words = shlex.split(line)
    assert words[0] == "kelisim", line
    return [_VARIABLE.sub(lambda m: variables[m.group(1)], word) for word in words[1:]]


async def kelisim(args: list[str], cwd: Path, env: Mapping[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from ops.cli import main; main()",
        *args,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **env},
    )
    out, err = await asyncio.wait_for(process.communicate(), DEADLINE)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def libpq_url(url: str) -> str:
    """The test database's URL in libpq's plain form, as an auditor is given it."""
    plain = re.sub(r"^postgresql\+\w+://", "postgresql://", url)
    assert plain.startswith("postgresql://") and plain != url
    return plain


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    services = ("membership", "sessions", "council")
    async with running_system(services, fresh_database, kafka_bootstrap, tmp_path) as system:
        yield system


async def _scalar(database_url: str, query: str, **params: object) -> object:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            return (await conn.execute(text(query), params)).scalar_one()
    finally:
        await engine.dispose()


async def _tree_covers_the_store(client: httpx.AsyncClient, database_url: str) -> int:
    """Wait until a fresh signed head covers every event in the store; its size."""
    events = int(str(await _scalar(database_url, "SELECT count(*) FROM events")))
    auditor = bearer("auditor-1", "auditor")
    for _ in range(int(DEADLINE / 0.2)):
        response = await client.get(
            "/v1/audit/tree-head", params={"fresh": "true"}, headers=auditor
        )
        assert response.status_code == 200, response.text
        if response.json()["tree_size"] >= events:
            return events
        await asyncio.sleep(0.2)
    raise AssertionError("the audit tree did not catch up with the store")


async def _rewrite_member_event(database_url: str, member_id: str) -> int:
    """What a superuser with the database could do: rename a member in the stored event,
    the append-only trigger off. The leaf index of that event."""
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
            await conn.execute(
                text(
                    "UPDATE events SET data = jsonb_set(data, '{name,kk}', '\"Басқа адам\"')"
                    " WHERE stream_id = :s"
                ),
                {"s": f"member-{member_id}"},
            )
            await conn.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))
            index = await conn.execute(
                text(
                    "SELECT l.leaf_index FROM audit_leaves l JOIN events e USING (event_id)"
                    " WHERE e.stream_id = :s"
                ),
                {"s": f"member-{member_id}"},
            )
            return int(index.scalar_one())
    finally:
        await engine.dispose()


def test_the_page_and_the_readme_give_the_same_commands() -> None:
    page = DOC.read_text(encoding="utf-8")
    steps = documented_steps(page)
    lines = {s.line for s in steps}
    readme = documented_steps(README.read_text(encoding="utf-8"))
    assert readme and {s.line for s in readme} <= lines
    used = {v for s in steps for v in _VARIABLE.findall(s.line)}
    assert used == documented_variables(page) - {"KELISIM_AUDIT_TOKEN"}
    commands = {shlex.split(s.line)[2] for s in steps}
    assert {"key", "head", "verify", "export", "replay", "state", "crosscheck"} <= commands
    assert [s.section for s in steps][-1] == TAMPERED_SECTION


@pytest.mark.e2e
@pytest.mark.integration
@pytest.mark.broker
async def test_the_documented_auditor_path_on_a_fresh_system(
    system: System, tmp_path: Path
) -> None:
    membership = system.urls["membership"]
    people = [someone() for _ in range(3)]
    async with httpx.AsyncClient(base_url=membership, timeout=30) as client:
        ids = []
        for person in people:
            created = await client.post(
                "/v1/members", json=person, headers=bearer("president", "chairman")
            )
            assert created.status_code == 201, created.text
            ids.append(created.json()["member_id"])
        size = await _tree_covers_the_store(client, system.databases["membership"])
        served_key = (await client.get("/v1/audit/public-key")).json()

    variables = {
        "MEMBERSHIP_URL": membership,
        "MEMBERSHIP_DB": libpq_url(system.databases["membership"]),
        "SESSIONS_DB": libpq_url(system.databases["sessions"]),
        "COUNCIL_DB": libpq_url(system.databases["council"]),
        "MEMBER_ID": ids[0],
    }
    env = {
        "KELISIM_AUDIT_TOKEN": token("auditor-1", "auditor"),
        "KELISIM_ENVIRONMENT": "test",
        "KELISIM_HOME": str(tmp_path / "home"),  # the services' own (replay builds one)
        "KELISIM_JWT_SECRET": SECRET,
        "KELISIM_LOG_JSON": "false",
        "COLUMNS": "200",
    }
    page = DOC.read_text(encoding="utf-8")
    assert set(variables) | {"KELISIM_AUDIT_TOKEN"} == documented_variables(page)
    workdir = tmp_path / "auditor"
    workdir.mkdir()

    runs: list[tuple[Step, str, str]] = []
    tampered_at: int | None = None
    for step in documented_steps(page):
        if step.section == TAMPERED_SECTION and tampered_at is None:
            tampered_at = await _rewrite_member_event(system.databases["membership"], ids[1])
        code, out, err = await kelisim(argv(step.line, variables), workdir, env)
        assert code == step.exit_code, f"{step.line}\nexit {code}\n{out}\n{err}"
        runs.append((step, out, err))

    def result(section: str, *words: str, exit_code: int = 0) -> tuple[str, str]:
        """The output of the one command of ``section`` with ``words`` and ``exit_code``."""
        [(out, err)] = [
            (out, err)
            for step, out, err in runs
            if step.section.startswith(section)
            and step.exit_code == exit_code
            and all(w in step.line for w in words)
        ]
        return out, err

    # 1-2: the pinned key is the one the service signs with; the head is of the whole store
    pinned = json.loads((workdir / "membership-key.json").read_text())
    assert pinned["public_key"] == served_key["public_key"]
    assert pinned["key_id"] == served_key["key_id"]
    assert json.loads((workdir / "membership-head.json").read_text())["tree_size"] >= size
    # 3: verified against the pinned head, and said where the leaves came from
    _, err = result("3.", "--head membership-head.json")
    assert "source: the service's API" in err and "leaves verify" in err
    # 5: the export verifies with the pinned key, is refused without it
    _, err = result("5.", "--public-key")
    assert "source: the export membership-log.jsonl" in err
    _, err = result("5.", exit_code=2)
    assert "--trust-embedded-key" in err and "leaves verify" not in err
    _, err = result("5.", "--trust-embedded-key")
    assert "proves the file consistent, not that the service signed it" in err
    # 6: the newer head extends the first
    _, err = result("6.", "verify")
    assert "consistency proof" in err and "✗" not in err
    # 7: every read model replays identical
    _, err = result("7.")
    assert "members" in err and "identical" in err and "✗" not in err
    # 8: the state shows the member, the IIN masked as every read model shows it
    out, _ = result("8.")
    state = json.loads(out)
    iin = people[0]["person"]["iin"]
    assert iin not in out and state["state"]["iin"] == mask(iin)
    assert "iin" in state["masked"] and state["aggregate"] == "Member"
    # 9: an all-clear only when every check ran; without council's log, skipped and said so
    _, err = result("9.", "--council-db")
    assert "no violations in all 4 checks" in err and "skipped" not in err
    _, partial = result("9.", exit_code=3)
    assert "skipped, not checked" in partial and "control cards" in partial
    assert "no violations in all" not in partial and "this is no all-clear" in partial
    # 10: the rewritten event is found at its leaf; the export still verifies
    assert tampered_at is not None
    _, err = result(TAMPERED_SECTION, "--url", exit_code=1)
    assert f"first failure at leaf {tampered_at}" in err
    assert f"member-{ids[1]}" in err
    _, err = result(TAMPERED_SECTION, "--source")
    assert "leaves verify" in err
    # and an unknown database URL form is refused, not guessed
    code, _, err = await kelisim(
        ["audit", "replay", "membership", "--database-url", f"mysql://x@h/{uuid.uuid4().hex}"],
        workdir,
        env,
    )
    assert code == 2 and "not a PostgreSQL URL" in err
