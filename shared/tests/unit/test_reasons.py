"""The problem reasons an operation documents are those of the code it runs
(``shared.api.reasons``): names are followed as the module that uses them binds them.

Each test writes a small service (a route module and the modules it names) into a directory
of its own, imports it, and derives the reasons of its route; a decoy of the same name
elsewhere raises a reason the route never answers with."""

from __future__ import annotations

import importlib
import sys
import textwrap
import types
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from shared.api import reasons

HANDLERS = """
from shared.errors import Forbidden


async def convene(command, uow):
    raise Forbidden(None, reason="convene_refused")
"""

DECOY = """
from shared.errors import Conflict


async def convene(command, uow):
    raise Conflict(None, reason="decoy_convene")


def _state(outcome):
    raise Conflict(None, reason="decoy_state")


async def work(uow):
    raise Conflict(None, reason="decoy_work")
"""


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``write(files)``: a service of its own under ``services.<scope>`` (``{scope}`` in a
    file's source), importable; answers its scope and a function to import its modules."""
    root = tmp_path.resolve()
    scope = f"reasons_{uuid.uuid4().hex[:12]}"
    base = root / "services" / scope
    package = types.ModuleType(f"services.{scope}")
    package.__path__ = [str(base)]
    monkeypatch.setattr(reasons, "ROOT", root)
    monkeypatch.setitem(sys.modules, package.__name__, package)

    def write(files: dict[str, str]) -> tuple[str, Callable[[str], Any]]:
        for name, source in {"decoys.py": DECOY, **files}.items():
            path = base / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source).replace("{scope}", scope), encoding="utf-8")
        for directory in {base, *(p for p in base.rglob("*") if p.is_dir())}:
            (directory / "__init__.py").touch()

        def load(module: str) -> Any:
            return importlib.import_module(f"services.{scope}.{module}")

        return scope, load

    yield write
    for name in [m for m in sys.modules if m.startswith(f"{package.__name__}.")]:
        del sys.modules[name]


def _reasons(scope: str, *calls: Callable[..., Any]) -> set[str]:
    return {r.reason for r in reasons.raised(list(calls), scope) if r.reason is not None}


def test_a_module_imported_under_an_alias_is_followed_to_the_function_passed_on(
    service: Any,
) -> None:
    # ``from pkg import module as alias``, the handler passed as an argument, as a route
    # passes it to ``commands.execute``.
    scope, load = service(
        {
            "application/meetings.py": HANDLERS,
            "api/routes.py": """
                from services.{scope}.application import meetings as handlers


                async def convene_meeting(commands, command):
                    return await commands.execute(handlers.convene, command, dict, 201)
                """,
        }
    )
    route = load("api.routes").convene_meeting
    assert _reasons(scope, route) == {"convene_refused"}


def test_a_function_imported_under_an_alias_is_followed(service: Any) -> None:
    scope, load = service(
        {
            "application/meetings.py": HANDLERS,
            "api/routes.py": """
                from services.{scope}.application.meetings import convene as start


                async def convene_meeting(commands, command):
                    return await commands.execute(start, command, dict)
                """,
        }
    )
    assert _reasons(scope, load("api.routes").convene_meeting) == {"convene_refused"}


def test_a_module_imported_whole_under_an_alias_is_followed(service: Any) -> None:
    scope, load = service(
        {
            "application/meetings.py": HANDLERS,
            "api/routes.py": """
                import services.{scope}.application.meetings as handlers


                async def convene_meeting(commands, command):
                    return await commands.execute(handlers.convene, command, dict)
                """,
        }
    )
    assert _reasons(scope, load("api.routes").convene_meeting) == {"convene_refused"}


def test_a_name_defined_in_the_module_is_its_own_not_a_namesake_elsewhere(
    service: Any,
) -> None:
    # ``_state`` and ``convene`` are defined in the decoys too: the route runs its own.
    scope, load = service(
        {
            "api/routes.py": """
                from shared.errors import InvalidInput


                def _state(outcome):
                    raise InvalidInput(None, reason="state_refused")


                async def convene(command, uow):
                    return command


                async def convene_meeting(commands, command):
                    return await commands.execute(convene, command, _state)
                """,
        }
    )
    assert _reasons(scope, load("api.routes").convene_meeting) == {"state_refused"}


def test_a_unit_of_work_defined_in_the_route_is_walked_with_it_not_found_by_its_name(
    service: Any,
) -> None:
    scope, load = service(
        {
            "application/meetings.py": HANDLERS,
            "api/routes.py": """
                from services.{scope}.application import meetings


                async def convene_meeting(commands, command):
                    async def work(uow):
                        return await meetings.convene(command, uow)

                    return await commands.run(work)
                """,
        }
    )
    assert _reasons(scope, load("api.routes").convene_meeting) == {"convene_refused"}


def test_a_method_called_on_self_is_its_own_class_s(service: Any) -> None:
    scope, load = service(
        {
            "application/intake.py": """
                from shared.errors import Conflict, Forbidden


                class Intake:
                    async def register(self, command):
                        await self._batch(command)

                    async def _batch(self, command):
                        raise Forbidden(None, reason="batch_refused")


                class OtherIntake:
                    async def _batch(self, command):
                        raise Conflict(None, reason="decoy_batch")
                """,
        }
    )
    assert _reasons(scope, load("application.intake").Intake.register) == {"batch_refused"}


def test_an_aggregate_s_method_is_followed_past_functions_of_the_same_name(service: Any) -> None:
    # The route, the handler and the aggregate's method share a name: the handler calls the
    # method on a local object, which only classes can define.
    scope, load = service(
        {
            "domain/session.py": """
                from shared.errors import Conflict


                class Session:
                    def register_attendance(self, member):
                        raise Conflict(None, reason="already_registered")
                """,
            "application/sessions.py": """
                from services.{scope}.domain.session import Session


                async def register_attendance(command, uow):
                    session = Session()
                    session.register_attendance(command)
                    return session
                """,
            "api/routes.py": """
                from services.{scope}.application import sessions


                async def register_attendance(commands, command):
                    return await commands.execute(sessions.register_attendance, command, dict)
                """,
        }
    )
    assert _reasons(scope, load("api.routes").register_attendance) == {"already_registered"}
