"""References that do not come from the database being checked (real membership service, the
`kelisim audit` CLI over HTTP): a head archive kept in a directory of the auditor's and an
export. ``verify`` names the reference it used; after the events and the whole leaf table were
rewritten, the archive names the exact leaf where the signed heads alone give an interval, and
``head --archive`` refuses to archive a head that does not extend what it holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI

from ops.audit.archive import HeadArchive, archive_path
from ops.testing.services import asgi_client, auth
from shared.audit.merkle import leaf_hash
from shared.tests.integration.test_audit_tamper import forge_leaf_table
from tests.platform.test_audit_services import (
    PUBLIC,
    _cli,
    _fresh_head,
    _include,
    _serve,
    membership,  # noqa: F401  (a fixture)
    membership_db,  # noqa: F401  (a fixture)
    rename_in_store,
)

pytestmark = pytest.mark.integration


async def test_verify_names_its_reference_and_an_archive_locates_a_rewrite(
    membership: FastAPI,  # noqa: F811
    tmp_path: Path,
) -> None:
    app = membership
    archive, export_file, head_file = tmp_path / "archive", tmp_path / "log.jsonl", tmp_path / "h"
    token = auth(app, "auditor-1", "auditor")["Authorization"].removeprefix("Bearer ")
    async with _serve(app) as url, asgi_client(app, "membership") as client:
        common = ("--url", url, "--token", token, "--public-key", PUBLIC)
        ids = await _include(client, app, 3)
        first = (await _fresh_head(client, app))["tree_size"]
        code, _, err = await _cli("head", "membership", *common, "--archive", str(archive))
        assert code == 0, err
        assert f"head of {first} archived in {archive_path(archive, 'membership')}" in err
        ids += await _include(client, app, 3)
        size = (await _fresh_head(client, app))["tree_size"]
        code, _, err = await _cli(
            "head", "membership", *common, "--archive", str(archive), "--out", str(head_file)
        )
        assert code == 0, err
        assert f"({size - first} leaf hashes added)" in err
        held = HeadArchive.load(archive_path(archive, "membership"), "membership")
        assert [h.tree_size for h in held.heads] == [first, size] and len(held.hashes) == size
        code, _, err = await _cli("export", "membership", *common, "--out", str(export_file))
        assert code == 0, err

        verify = ("verify", "membership", *common, "--head", str(head_file), "--json")
        code, out, err = await _cli(*verify, "--reference", str(archive))
        assert code == 0, err
        report = json.loads(out)
        assert report["reference"]["kind"] == "archive" and report["reference"]["leaves"] == size
        assert [h["pinned_as"] for h in report["heads"]].count("archive") == 2
        assert "reference: the head archive" in err and "2 archived heads: signatures ok" in err
        code, out, err = await _cli(*verify, "--reference", str(export_file))
        assert code == 0, err
        assert json.loads(out)["reference"]["kind"] == "export"
        assert f"reference: the export {export_file}" in err

        # Member 5's event and the whole leaf table rewritten to agree, subtree hashes too.
        index = await rename_in_store(app, ids[4])
        async with app.state.platform.sessions() as db:
            [entry] = await app.state.platform.audit.entries(db, index, index + 1)
        await forge_leaf_table(app.state.platform.sessions, index, leaf_hash(entry.leaf))

        code, out, err = await _cli(*verify)
        assert code == 1, err
        alone = json.loads(out)["first_failure"]
        assert alone["kind"] == "root_mismatch" and not alone["exact"]
        assert "reference: none" in err
        code, out, err = await _cli(*verify, "--reference", str(archive))
        assert code == 1, err
        failure = json.loads(out)["first_failure"]
        assert (failure["leaf_index"], failure["kind"]) == (index, "differs_from_reference")
        assert failure["found"]["stream_id"] == f"member-{ids[4]}"
        assert "archived heads fail" in err and f"first failure at leaf {index}" in err

        # The service now signs the forged tree; the archive will not take such a head.
        archived = archive_path(archive, "membership").read_bytes()
        code, _, err = await _cli(
            "head", "membership", *common, "--fresh", "--archive", str(archive)
        )
        assert code == 2 and "do not extend the archived tree" in err
        assert archive_path(archive, "membership").read_bytes() == archived

        # A damaged archive is refused, not used.
        lines = archived.splitlines(keepends=True)
        hashes = json.loads(lines[1])
        hashes["hashes"][0] = "00" * 32
        lines[1] = json.dumps(hashes).encode() + b"\n"
        archive_path(archive, "membership").write_bytes(b"".join(lines))
        code, _, err = await _cli(*verify, "--reference", str(archive))
        assert code == 2 and "does not match its leaves" in err
