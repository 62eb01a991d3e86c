"""Every secret value committed to the repository's deployment files and documentation is in
the list that production refuses (``shared/runtime/published.py``).

A value given to a secret-like setting (``..._SECRET``, ``..._PASSWORD``, ``..._TOKEN``,
``..._KEY``) in docker-compose.yml, deploy/, docs/, the README or examples — as a literal, as
a ``${VAR:-default}``, or as the password of a URL — and any key-shaped value (base64 of 32
bytes) is published: anyone can read it. This test fails until such a value is added to the
list, so a value committed later is refused in production automatically.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.runtime.catalog import SERVICES
from shared.runtime.published import PUBLISHED_SECRETS, is_published
from tests.deploy.manifests import REPO

_NAME = r"[A-Z][A-Z0-9_]*(?:SECRET|PASSWORD|PASSWD|TOKEN|_KEY)[A-Z0-9_]*|password|secret|token"
# ${NAME:-default} and ${NAME-default} (Compose, shells).
_DEFAULT = re.compile(rf"\$\{{(?:{_NAME}):?-([^}}]*)\}}")
# NAME: value, NAME=value, NAME="value" (YAML, env files, shells, --from-literal=NAME=value).
_ASSIGNED = re.compile(rf"(?<![\w{{$])(?:{_NAME})\s*[:=]\s*(\"[^\"]*\"|'[^']*'|[^\s#,}}\]]+)")
# scheme://user:password@host
_URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@")
_KEY_SHAPED = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=")
# Not values but references: a variable, a placeholder, a mapping, a path, a command.
_REFERENCE = ("$", "<", "{", "[", "/", "(", "?")


def scanned_files() -> list[Path]:
    """The committed files that deploy or document Kelisim."""
    roots = [REPO / name for name in ("deploy", "docs", "examples")]
    files = [path for root in roots if root.is_dir() for path in root.rglob("*") if path.is_file()]
    files += [
        path
        for pattern in ("docker-compose*.y*ml", "compose*.y*ml", "README*", "*.env*", ".env*")
        for path in REPO.glob(pattern)
        if path.is_file()
    ]
    return sorted(set(files))


def secret_values(text: str) -> Iterator[str]:
    """Every secret-like value ``text`` gives a setting, and every key-shaped value."""
    for match in _DEFAULT.finditer(text):
        yield match.group(1)
    for pattern in (_ASSIGNED, _URL_PASSWORD):
        for match in pattern.finditer(text):
            value = match.group(1).strip("\"'")
            if value and not value.startswith(_REFERENCE):
                yield value
    for match in _KEY_SHAPED.finditer(text):
        try:
            if len(base64.b64decode(match.group(0), validate=True)) == 32:
                yield match.group(0)
        except binascii.Error:
            continue


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None  # not a text file


def test_every_committed_secret_value_is_refused_in_production() -> None:
    unlisted = {
        f"{path.relative_to(REPO)}: {value}"
        for path in scanned_files()
        if (text := _text(path)) is not None
        for value in secret_values(text)
        if not is_published(value)
    }
    assert not unlisted, (
        "secret values committed to the repository but missing from PUBLISHED_SECRETS in "
        "shared/runtime/published.py (production must refuse them):\n" + "\n".join(sorted(unlisted))
    )


def test_the_scan_finds_compose_secrets() -> None:
    """The scan is not vacuous: docker-compose.yml's defaults are found, each kind of them."""
    found = set(secret_values((REPO / "docker-compose.yml").read_text(encoding="utf-8")))
    assert "keycloak-compose-development" in found  # the identity provider's admin
    assert "compose-development-ballot-key-not-for-production" in found
    assert "kelisim-compose-development" in found  # the services' database password
    key_shaped = {value for value in found if _KEY_SHAPED.fullmatch(value)}
    assert len(key_shaped) == 2 * len(SERVICES), "two audit keys for each service"
    assert found <= PUBLISHED_SECRETS


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("  KELISIM_JWT_SECRET: ${KELISIM_JWT_SECRET:-new-default-secret}", "new-default-secret"),
        ("export KELISIM_SESSIONS_BALLOT_KEY=a-new-ballot-key   # demo", "a-new-ballot-key"),
        ('--from-literal=KELISIM_JWT_SECRET="quoted value"', "quoted value"),
        ("stringData:\n  password: hunter2-but-longer", "hunter2-but-longer"),
        ("url: postgresql://kelisim:pa55word-in-url@db:5432/kelisim", "pa55word-in-url"),
        ('{"seed": "' + base64.b64encode(bytes(range(32))).decode() + '"}', None),
    ],
)
def test_the_scan_sees_a_value_added_later(text: str, value: str | None) -> None:
    expected = value or base64.b64encode(bytes(range(32))).decode()
    found = list(secret_values(text))
    assert expected in found
    assert not is_published(expected)


@pytest.mark.parametrize(
    "text",
    [
        'KELISIM_JWT_SECRET="$(openssl rand -base64 48)"',
        "valueFrom: {secretKeyRef: {name: kelisim-jwt, key: KELISIM_JWT_SECRET}}",
        "secret: {secretName: kelisim-cluster-ca-cert}",
        "KELISIM_KAFKA_SSL_KEYFILE: /etc/kelisim/kafka/client/user.key",
        "--from-literal=ACCESS_KEY_ID=<key id>",
        ': "${SERVICE_DB_PASSWORD:?SERVICE_DB_PASSWORD must be set}"',
        "value: postgresql+asyncpg://$(DB_USER):$(DB_PASSWORD)@sessions-db-rw:5432/x",
    ],
)
def test_references_are_not_values(text: str) -> None:
    assert list(secret_values(text)) == []
