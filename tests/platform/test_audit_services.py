"""The audit log of real services (membership, sessions) on real PostgreSQL: the endpoints,
the `kelisim audit` CLI over HTTP (pin, verify, tamper, export), replay into a scratch schema,
the state of an aggregate at an instant, cross-service checks and the Popolo export."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import uvicorn
from fastapi import FastAPI
from sqlalchemy import text

from ops.audit.crosscheck import cross_check_databases
from ops.audit.export import read_export, verify_line
from ops.audit.popolo import popolo_from_databases
from ops.audit.replay import replay_and_diff, state_at
from ops.testing.services import (
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.membership.main import create_app as create_membership
from services.membership.settings import MembershipSettings
from services.membership.tests.integration.test_api import someone
from services.sessions.main import create_app as create_sessions
from services.sessions.settings import SessionsSettings
from shared.audit.heads import AuditKeys, SignedTreeHead, public_key_from_base64
from shared.audit.merkle import leaf_hash, verify_consistency, verify_inclusion
from shared.eventstore import EventMetadata, NewEvent

pytestmark = pytest.mark.integration

KEYS = {
    "audit_signing_key": base64.b64encode(b"s" * 32).decode(),
    "audit_commitment_key": base64.b64encode(b"c" * 32).decode(),
}
PUBLIC = AuditKeys.from_secrets(b"s" * 32, b"c" * 32).public_key_base64()


@pytest_asyncio.fixture
async def membership_db(fresh_database: Any) -> str:
    return await migrated_database(fresh_database, "membership")


@pytest_asyncio.fixture
async def sessions_db(fresh_database: Any) -> str:
    return await migrated_database(fresh_database, "sessions")


@pytest_asyncio.fixture
async def membership(membership_db: str) -> AsyncIterator[FastAPI]:
    settings = settings_for_test(MembershipSettings, membership_db, **KEYS)
    async with running_app(create_membership(settings)) as app:
        yield app


@pytest_asyncio.fixture
async def sessions_app(sessions_db: str) -> AsyncIterator[FastAPI]:
    settings = settings_for_test(SessionsSettings, sessions_db, **KEYS)
    async with running_app(create_sessions(settings)) as app:
        yield app


async def _include(client: httpx.AsyncClient, app: FastAPI, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        response = await client.post(
            "/v1/members", json=someone(), headers=auth(app, "chairman-1", "chairman")
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["member_id"])
    return ids


async def _event_count(app: FastAPI) -> int:
    async with app.state.platform.sessions() as db:
        return int((await db.execute(text("SELECT count(*) FROM events"))).scalar_one())


async def _fresh_head(client, app, size: int | None = None) -> dict[str, Any]:
    """A fresh head once the builder has every event (the feed waits for transactions open
    elsewhere in the cluster)."""
    size = await _event_count(app) if size is None else size
    for _ in range(200):
        response = await client.get(
            "/v1/audit/tree-head", params={"fresh": "true"}, headers=auth(app, "a", "auditor")
        )
        assert response.status_code == 200, response.text
        if response.json()["tree_size"] >= size:
            return response.json()
        await asyncio.sleep(0.05)
    raise AssertionError("the tree did not catch up")


async def test_the_endpoints_give_heads_proofs_and_entries(membership: FastAPI) -> None:
    async with asgi_client(membership, "membership") as client:
        assert (await client.get("/v1/audit/tree-head")).status_code == 404
        assert (
            await client.get("/v1/audit/tree-head", params={"fresh": "true"})
        ).status_code == 401
        member = auth(membership, "m", "member")
        assert (await client.get("/v1/audit/entries", headers=member)).status_code == 403
        first = await _fresh_head(client, membership)  # the reference data's events
        ids = await _include(client, membership, 5)
        size = first["tree_size"] + 5
        body = await _fresh_head(client, membership, size)
        head = SignedTreeHead.from_json(body)
        key = (await client.get("/v1/audit/public-key")).json()
        assert key["public_key"] == PUBLIC and key["algorithm"] == "Ed25519"
        assert head.verify(public_key_from_base64(PUBLIC))
        assert (await client.get("/v1/audit/tree-head")).json() == body  # the latest, public
        heads = (await client.get("/v1/audit/tree-heads")).json()["heads"]
        sizes = [h["tree_size"] for h in heads]
        assert sizes[-1] == size and sizes == sorted(sizes) and first["tree_size"] in sizes

        auditor = auth(membership, "a", "auditor")
        async with membership.state.platform.sessions() as db:
            event_id = (
                await db.execute(
                    text("SELECT event_id FROM events WHERE stream_id = :s"),
                    {"s": f"member-{ids[3]}"},
                )
            ).scalar_one()
        proof = (
            await client.get(
                "/v1/audit/proofs/inclusion",
                params={"event_id": str(event_id), "tree_size": size},
                headers=auditor,
            )
        ).json()
        leaf = proof["leaf"].encode()
        assert json.loads(leaf)["data"]["member_id"] == ids[3]
        assert '"iin"' not in proof["leaf"]  # private: only its keyed digest
        assert verify_inclusion(
            proof["leaf_index"],
            size,
            leaf_hash(leaf),
            [bytes.fromhex(h) for h in proof["audit_path"]],
            head.root_hash,
        )
        by_index = await client.get(
            "/v1/audit/proofs/inclusion",
            params={"leaf_index": proof["leaf_index"], "tree_size": size},
            headers=auditor,
        )
        assert by_index.json() == proof
        consistency = (
            await client.get(
                "/v1/audit/proofs/consistency",
                params={"first": first["tree_size"], "second": size},
                headers=auditor,
            )
        ).json()
        assert verify_consistency(
            first["tree_size"],
            size,
            bytes.fromhex(first["root_hash"]),
            head.root_hash,
            [bytes.fromhex(h) for h in consistency["consistency_path"]],
        )
        too_big = await client.get(
            "/v1/audit/proofs/consistency",
            params={"first": 2, "second": size + 1},
            headers=auditor,
        )
        assert too_big.status_code == 422
        entries = (
            await client.get("/v1/audit/entries", params={"start": 1, "end": 4}, headers=auditor)
        ).json()["entries"]
        assert [e["leaf_index"] for e in entries] == [1, 2, 3]
        assert all(e["leaf_hash"] == e["stored"]["leaf_hash"] for e in entries)


@contextlib.asynccontextmanager
async def _serve(app: FastAPI) -> AsyncIterator[str]:
    """The app on a real socket on 127.0.0.1 (for the CLI, a separate process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 20)


async def _cli(*args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from ops.cli import main; main()",
        "audit",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "KELISIM_LOG_JSON": "false", "COLUMNS": "200"},
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def rename_in_store(app: FastAPI, member_id: str) -> int:
    """A superuser rewrites a member's name in the store, with the trigger off; returns the
    leaf index of the member's event."""
    async with app.state.platform.sessions() as db, db.begin():
        await db.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        await db.execute(
            text(
                "UPDATE events SET data = jsonb_set(data, '{name,kk}', '\"Басқа адам\"')"
                " WHERE stream_id = :s"
            ),
            {"s": f"member-{member_id}"},
        )
        await db.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))
        index = (
            await db.execute(
                text(
                    "SELECT l.leaf_index FROM audit_leaves l JOIN events e USING (event_id)"
                    " WHERE e.stream_id = :s"
                ),
                {"s": f"member-{member_id}"},
            )
        ).scalar_one()
    return int(index)


async def test_the_cli_pins_verifies_exports_and_finds_a_tampered_event(
    membership: FastAPI, tmp_path: Path
) -> None:
    async with asgi_client(membership, "membership") as client:
        ids = await _include(client, membership, 6)
        size = (await _fresh_head(client, membership))["tree_size"]
    token = auth(membership, "auditor-1", "auditor")["Authorization"].removeprefix("Bearer ")
    head_file, export_file = tmp_path / "head.json", tmp_path / "log.jsonl"
    async with _serve(membership) as url:
        common = ("--url", url, "--token", token)
        code, _, err = await _cli("head", "membership", *common, "--out", str(head_file))
        assert code == 0, err
        assert SignedTreeHead.load(head_file).tree_size == size
        code, out, err = await _cli(
            "verify",
            "membership",
            *common,
            "--head",
            str(head_file),
            "--public-key",
            PUBLIC,
            "--json",
        )
        assert code == 0, err
        report = json.loads(out)
        assert report["ok"] and report["entries_verified"] == size
        code, _, err = await _cli("export", "membership", *common, "--out", str(export_file))
        assert code == 0, err
        head, public_key, entries = read_export(export_file)
        assert public_key == PUBLIC and len(entries) == head.tree_size >= size
        lines = export_file.read_bytes().splitlines()[1:]
        assert all(verify_line(line, head) for line in lines)

        index = await rename_in_store(membership, ids[4])
        code, out, err = await _cli(
            "verify",
            "membership",
            *common,
            "--head",
            str(head_file),
            "--public-key",
            PUBLIC,
            "--json",
        )
        assert code == 1, err
        failure = json.loads(out)["first_failure"]
        assert (failure["leaf_index"], failure["kind"]) == (index, "changed")
        assert failure["found"]["stream_id"] == f"member-{ids[4]}"
        assert f"first failure at leaf {index}" in err
        # the export taken before is a copy the database's owner could not touch
        code, out, err = await _cli(
            "verify",
            "membership",
            "--source",
            str(export_file),
            "--public-key",
            PUBLIC,
            "--head",
            str(head_file),
            "--json",
        )
        assert code == 0, err
        # without a pinned key the export's own key is not taken on trust
        code, out, err = await _cli("verify", "membership", "--source", str(export_file))
        assert code == 2 and "--trust-embedded-key" in err and not out
        code, _, err = await _cli(
            "verify", "membership", "--source", str(export_file), "--trust-embedded-key"
        )
        assert code == 0, err
        assert "proves the file consistent, not that the service signed it" in err


async def test_replay_reproduces_the_read_models_or_names_the_difference(
    membership: FastAPI,
) -> None:
    platform = membership.state.platform
    async with asgi_client(membership, "membership") as client:
        ids = await _include(client, membership, 3)
        before = datetime.now(UTC)
        await asyncio.sleep(0.01)
        renamed = await client.post(
            f"/v1/members/{ids[0]}/name-corrections",
            json={"name": {"kk": "Жаңа Есім", "ru": "Новое Имя"}, "reason": "паспорт"},
            headers=auth(membership, "s", "secretariat"),
        )
        assert renamed.status_code == 200, renamed.text
    report = await replay_and_diff(platform)
    assert report.equal, report.to_json()
    assert report.events_applied["members"] == 4
    assert {t.table for t in report.tables} >= {"members", "post_terms"}
    async with platform.sessions() as db, db.begin():
        await db.execute(
            text("UPDATE members SET name_kk = 'қате' WHERE member_id = :m"), {"m": ids[1]}
        )
    damaged = await replay_and_diff(platform)
    assert not damaged.equal
    [members] = [t for t in damaged.tables if t.table == "members"]
    assert members.only_live_count == members.only_replayed_count == 1
    assert "қате" in members.only_live[0] and ids[1] in members.only_replayed[0]
    async with platform.engine.connect() as conn:  # the scratch schema is gone
        left = await conn.execute(
            text("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'audit_replay_%'")
        )
        assert left.scalar_one() == 0

    then = await state_at(platform, "services.membership", f"member-{ids[0]}", before)
    now = await state_at(platform, "services.membership", f"member-{ids[0]}", None)
    assert then["aggregate"] == "Member" and then["events"] == 1 and now["events"] == 2
    assert "Жаңа Есім" not in json.dumps(then["state"], ensure_ascii=False)
    assert "Жаңа Есім" in json.dumps(now["state"], ensure_ascii=False)
    # private fields masked as the read models show them
    assert now["state"]["iin"] is not None and now["state"]["iin"].startswith("*" * 10)
    assert "iin" in now["masked"]
    async with platform.sessions() as db:
        stored = (
            await db.execute(
                text(
                    "SELECT data->>'iin' FROM events WHERE stream_id = :s"
                    " AND event_type = 'MemberIncluded'"
                ),
                {"s": f"member-{ids[0]}"},
            )
        ).scalar()
    assert stored and stored not in json.dumps(now, ensure_ascii=False)
    assert now["state"]["iin"] == "*" * 10 + stored[-2:]


async def _sitting_with_votes(app: FastAPI, members: list[str]) -> tuple[str, str]:
    """An open sitting with the members present and a roll-call poll they all vote in; also
    imports the sessions test helpers lazily (they drive the real API)."""
    from services.sessions.tests.integration.test_polls_api import open_poll, vote
    from services.sessions.tests.integration.test_sessions_api import (
        detail,
        open_session,
        secretariat,
    )

    async with app.state.platform.sessions() as db, db.begin():
        for n, member_id in enumerate(members):
            await db.execute(
                text(
                    "INSERT INTO membership_replica (member_id, assembly, person_id, name_kk,"
                    " name_ru, region, joined_on)"
                    " VALUES (:id, 'national', :id, :kk, :ru, 'astana', '2020-01-01')"
                ),
                {"id": member_id, "kk": f"Мүше {n}", "ru": f"Член {n}"},
            )
    async with asgi_client(app, "sessions") as client:
        session_id = await open_session(client, app)
        for member_id in members:
            response = await client.post(
                f"/v1/sessions/{session_id}/attendance",
                json={"member_id": member_id},
                headers=secretariat(app),
            )
            assert response.status_code == 200, response.text
        item_id = uuid.UUID((await detail(client, session_id))["agenda"][0]["item_id"])
        poll_id = await open_poll(client, app, session_id, item_id, "roll_call")
        for member_id in members:
            response = await vote(client, app, poll_id, uuid.UUID(member_id), "for")
            assert response.status_code == 201, response.text
        closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
        assert closed.status_code == 200, closed.text
    return str(session_id), str(poll_id)


async def test_sessions_replay_cross_checks_and_popolo(
    membership: FastAPI,
    sessions_app: FastAPI,
    membership_db: str,
    sessions_db: str,
    fresh_database: Any,
) -> None:
    async with asgi_client(membership, "membership") as client:
        members = await _include(client, membership, 4)
    session_id, poll_id = await _sitting_with_votes(sessions_app, members)

    replay = await replay_and_diff(sessions_app.state.platform)
    assert replay.equal, replay.to_json()
    assert replay.events_applied["polls"] > 0
    state = await state_at(
        sessions_app.state.platform, "services.sessions", f"poll-{poll_id}", None
    )
    assert state["aggregate"] == "Poll"

    clean = await cross_check_databases(membership_db, sessions_db, None)
    assert clean.ok, clean.to_json()
    assert clean.checked["votes"] == 4 and "control_cards" in clean.skipped

    # A vote forged into the sessions store by someone never a member nor present, and an
    # approval on the nomination route that no Council review preceded.
    platform = sessions_app.state.platform
    stranger = uuid.uuid4()
    meta = EventMetadata(actor="forger", correlation_id="forged")
    async with platform.sessions() as db, db.begin():
        await platform.store.append(
            db,
            f"vote-{poll_id}-{stranger}",
            0,
            [
                NewEvent(
                    "VoteCast",
                    1,
                    {
                        "poll_id": poll_id,
                        "session_id": session_id,
                        "member_id": str(stranger),
                        "choice": "for",
                        "cast_at": datetime.now(UTC).isoformat(),
                    },
                )
            ],
            meta,
            stream_type="vote",
        )
    nominee = uuid.uuid4()
    mplatform = membership.state.platform
    async with mplatform.sessions() as db, db.begin():
        await mplatform.store.append(
            db,
            f"member-{nominee}",
            None,
            [
                NewEvent(
                    "MemberIncluded",
                    2,
                    {
                        "member_id": str(nominee),
                        "name": {"kk": "Ә", "ru": "А"},
                        "region": None,
                        "category": "public_figure",
                        "decision": {"number": "1", "date": "2024-01-01"},
                        "effective_on": "2024-01-02",
                        "route": "nomination",
                        "association_id": None,
                        "iin": None,
                        "gender": None,
                        "ethnic_group": None,
                    },
                )
            ],
            meta,
            stream_type="member",
        )
    # council's log: one card on the adopted decision, one on a decision never adopted
    council_db = await fresh_database("council")
    from shared.migrations import upgrade_async
    from shared.runtime.catalog import get_service

    await upgrade_async(council_db, get_service("council").migrations_dir())
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(council_db)
    async with platform.sessions() as db:
        decision_id = (
            await db.execute(
                text("SELECT data->>'decision_id' FROM events WHERE event_type = 'DecisionAdopted'")
            )
        ).scalar_one_or_none()
    ghost = str(uuid.uuid4())
    async with engine.begin() as conn:
        for n, source_id in enumerate([decision_id or ghost, ghost]):
            await conn.execute(
                text(
                    "INSERT INTO events (stream_id, stream_type, version, event_id, event_type,"
                    " schema_version, data, metadata) VALUES (:s, 'card', 1, :e,"
                    " 'ControlCardOpened', 1, CAST(:d AS jsonb), '{}')"
                ),
                {
                    "s": f"card-{n}",
                    "e": uuid.uuid4(),
                    "d": json.dumps(
                        {"card_id": f"c{n}", "source": "session_decision", "source_id": source_id}
                    ),
                },
            )
    await engine.dispose()
    report = await cross_check_databases(membership_db, sessions_db, council_db)
    kinds = sorted((v.check, v.kind) for v in report.violations)
    expected_cards = [("control_cards", "no_adopted_decision")] * (1 if decision_id else 2)
    assert kinds == sorted(
        [
            ("votes", "not_a_member"),
            ("votes", "not_registered_present"),
            ("candidacies", "no_council_review"),
            *expected_cards,
        ]
    ), report.to_json()
    forged = [v for v in report.violations if v.check == "votes"]
    assert all(v.event.stream_id == f"vote-{poll_id}-{stranger}" for v in forged)

    document = await popolo_from_databases(membership_db, sessions_db)
    assert {p["id"] for p in document["persons"]} >= set(members)
    [vote_event] = [v for v in document["vote_events"] if v["id"] == poll_id]
    assert {v["voter_id"] for v in vote_event["votes"]} >= set(members)
    assert vote_event["result"] in ("pass", "fail")
    assert "iin" not in json.dumps(document)
    assert all(m["organization_id"] == "apk" for m in document["memberships"])
