"""The official AsyncAPI 3.0.0 JSON Schema, for the tests that validate the services' documents.

It comes from the npm registry's ``@asyncapi/specs`` package (``schemas/3.0.0-without-$id.json``,
draft-07, self-contained), fetched once with ``npm pack`` into ``.kelisim/cache/`` when it is
not there, the way the browser fixture installs Chromium: a machine without npm fails the test
with the reason rather than skipping it. ``KELISIM_TEST_ASYNCAPI_SCHEMA`` names a copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Final

from shared.settings import REPO_ROOT

SPECS_PACKAGE: Final = "@asyncapi/specs@6.11.1"
SCHEMA_MEMBER: Final = "package/schemas/3.0.0-without-$id.json"
SCHEMA_ENV: Final = "KELISIM_TEST_ASYNCAPI_SCHEMA"
CACHE: Final = REPO_ROOT / ".kelisim" / "cache" / "asyncapi-3.0.0-without-id.json"
_NPM_TIMEOUT_SECONDS: Final = 300


class SchemaUnavailable(RuntimeError):
    pass


def _fetch(target: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SchemaUnavailable(f"npm is needed to fetch {SPECS_PACKAGE} (or set {SCHEMA_ENV})")
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [npm, "pack", SPECS_PACKAGE, "--silent", "--pack-destination", scratch],
            capture_output=True,
            text=True,
            timeout=_NPM_TIMEOUT_SECONDS,
            check=False,
        )
        packed = sorted(Path(scratch).glob("*.tgz"))
        if result.returncode != 0 or not packed:
            tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            raise SchemaUnavailable(f"npm pack {SPECS_PACKAGE} failed: {' / '.join(tail)}")
        with tarfile.open(packed[0]) as archive:
            member = archive.extractfile(SCHEMA_MEMBER)
            if member is None:
                raise SchemaUnavailable(f"{SPECS_PACKAGE} has no {SCHEMA_MEMBER}")
            content = member.read()
    json.loads(content)  # a broken download is not cached
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(content)
    partial.replace(target)


def asyncapi_schema() -> dict[str, Any]:
    """The AsyncAPI 3.0.0 JSON Schema (draft-07)."""
    named = os.environ.get(SCHEMA_ENV, "").strip()
    path = Path(named) if named else CACHE
    if not path.exists():
        if named:
            raise SchemaUnavailable(f"{SCHEMA_ENV} names {named}, which does not exist")
        _fetch(path)
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema
