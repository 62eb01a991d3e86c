"""The demo loader finds the services where ``kelisim up`` puts them, mints its tokens in one
place, and says which service is not running."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli import app
from ops.demo import development_tokens, service_urls
from ops.demo.api import As
from ops.runtime.embedded import free_port
from shared.api.auth import AuthSettings, decode_token

SECRET = "a-development-secret-for-the-demo-tests-0123456789"


def test_the_urls_follow_the_port_settings_of_kelisim_up() -> None:
    urls = service_urls({"KELISIM_SESSIONS_PORT": "18102"})
    assert urls["sessions"] == "http://127.0.0.1:18102"
    assert urls["membership"] == "http://127.0.0.1:8001"
    assert set(urls) == {"membership", "sessions", "council", "monitoring", "programmes"}


def test_tokens_come_from_one_source_with_roles_and_scopes() -> None:
    tokens = development_tokens(secret=SECRET)
    caller = As("demo-minculture", ("state_body",), state_body="minculture")
    actor = decode_token(AuthSettings(secret=SECRET), tokens(caller))
    assert (actor.subject, actor.roles, actor.state_body) == (
        "demo-minculture",
        frozenset({"state_body"}),
        "minculture",
    )
    assert tokens(caller) == tokens(caller)  # minted once per caller


def test_kelisim_demo_load_names_the_service_that_is_not_running(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KELISIM_HOME", str(tmp_path))
    port = free_port()
    for name in ("MEMBERSHIP", "SESSIONS", "COUNCIL", "MONITORING", "PROGRAMMES"):
        monkeypatch.setenv(f"KELISIM_{name}_PORT", str(port))
    result = CliRunner().invoke(app, ["demo", "load", "--members", "60"])
    assert result.exit_code == 1
    assert f"membership is not running at http://127.0.0.1:{port}" in " ".join(
        result.output.split()
    )


def test_the_loader_imports_no_service_package() -> None:
    """A client like any other: only the services' HTTP APIs, none of their code."""
    import ast

    import ops.demo

    imported = set()
    for path in Path(ops.demo.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert "ops.demo.api" in imported  # the walk sees the modules' imports
    assert not [name for name in imported if name.split(".")[0] == "services"]
