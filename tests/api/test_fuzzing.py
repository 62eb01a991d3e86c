"""Fuzzing: schemathesis against each of the five services, as processes on real PostgreSQL
and the test broker, with one privileged token (secretariat, chairman, deputy chairman).

The five are fuzzed at once, each for a time budget (``KELISIM_FUZZ_SECONDS``, 45 s by
default; the phases are coverage, fuzzing and stateful), and the run fails on any 5xx and on
any response its OpenAPI document does not describe: status code, content type or body schema.
Afterwards every event the fuzzer got stored still canonicalises (RFC 8785) into its Merkle
leaf: no request left an event that would stop the audit log.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.testing.infra import FreshDatabase
from shared.audit.canonical import canonical_json
from tests.e2e.system import System, running_system, token

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.integration,
    pytest.mark.broker,
    pytest.mark.timeout(900),
]

SERVICES = ("membership", "sessions", "council", "monitoring", "programmes")
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
SECONDS = int(os.environ.get("KELISIM_FUZZ_SECONDS", "45"))
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
REPORTS = os.environ.get("KELISIM_FUZZ_REPORT_DIR")
"""Where schemathesis' NDJSON reports go (to keep them); the test's own directory otherwise."""


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    env = {"KELISIM_MONITORING_RUN_EVALUATOR": "false"}
    async with running_system(SERVICES, fresh_database, kafka_bootstrap, tmp_path, env) as system:
        yield system


def fuzz(url: str, report_dir: Path) -> tuple[int, str]:
    """Run schemathesis against one service; its exit code and output."""
    bearer = token("fuzz-admin", "secretariat", "chairman", "deputy_chairman")
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{url}/openapi.json",
        *("--header", f"Authorization: Bearer {bearer}"),
        *("--checks", ",".join(CHECKS)),
        *("--max-time", str(SECONDS)),
        # One worker: with two, hypothesis' lambda descriptions race in CPython 3.11's ast
        # (SystemError "AST constructor recursion depth mismatch", inside schemathesis).
        *("--workers", "1"),
        *("--seed", "1"),
        *("--request-timeout", "30"),
        # The live plenary board is a server-sent event stream that stays open by design
        # (tests/browser/console and services/sessions/tests/integration/test_live_board.py).
        *("--exclude-path-regex", "/live$"),
        *("--generation-database", "none"),
        *("--report", "ndjson"),
        *("--report-dir", str(report_dir)),
        "--no-color",
    ]
    # In the report's directory: schemathesis keeps a cache in its working directory.
    report_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=SECONDS + 300, cwd=report_dir
    )
    return done.returncode, done.stdout + done.stderr


def statuses(report_dir: Path) -> Counter[int]:
    """The status of every response schemathesis received, from its NDJSON report."""
    counts: Counter[int] = Counter()
    for path in report_dir.glob("*.ndjson"):
        for line in path.read_text().splitlines():
            for interaction in _interactions(json.loads(line)):
                response = interaction.get("response")
                if isinstance(response, dict) and isinstance(response.get("status_code"), int):
                    counts[response["status_code"]] += 1
    return counts


def _interactions(node: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "request" in item and "response" in item:
                found.append(item)
            else:
                stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


async def stored_events_canonicalise(database_url: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT data::text, metadata::text FROM events"))
            count = 0
            for data, metadata in rows:
                canonical_json({"data": json.loads(data), "metadata": json.loads(metadata)})
                count += 1
            return count
    finally:
        await engine.dispose()


async def test_fuzzing_finds_no_server_error_and_no_undocumented_answer(
    system: System, tmp_path: Path
) -> None:
    report_dirs = {service: Path(REPORTS or tmp_path / "fuzz") / service for service in SERVICES}
    runs = await asyncio.gather(
        *(
            asyncio.to_thread(fuzz, system.urls[service], report_dirs[service])
            for service in SERVICES
        )
    )
    summary = {}
    failures = {}
    for service, (code, output) in zip(SERVICES, runs, strict=True):
        counts = statuses(report_dirs[service])
        summary[service] = {
            "requests": sum(counts.values()),
            "5xx": sum(n for status, n in counts.items() if status >= 500),
            "statuses": dict(sorted(counts.items())),
            "events": await stored_events_canonicalise(system.databases[service]),
        }
        if code != 0:
            failures[service] = output[-6000:]
    print(json.dumps(summary, indent=1))  # noqa: T201 - the run's figures, shown with -s
    assert not failures, "\n\n".join(f"--- {s}\n{o}" for s, o in failures.items())
    for service, figures in summary.items():
        assert figures["requests"] > 0, service
        assert figures["5xx"] == 0, (service, figures)
