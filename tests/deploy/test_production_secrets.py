"""Production refuses every secret anyone can know: missing, committed to docker-compose.yml, a
development default, too short, not random. Each refusal names the setting; a service with
fresh random secrets starts (its settings load and it assembles, audit keys included). Tokens
are trusted through the identity provider only: production requires KELISIM_OIDC_ISSUER and
never reads the shared JWT secret.
"""

from __future__ import annotations

import base64
import secrets
from urllib.parse import urlsplit

import pytest
from pydantic import ValidationError

from ops.testing.production import production_environment, random_key
from shared.api.app import auth_settings
from shared.runtime.catalog import SERVICES, ServiceSpec
from shared.runtime.published import E2E_JWT_SECRET, TEST_JWT_SECRET
from tests.deploy.conftest import LoadSettings, assemble
from tests.deploy.manifests import compose_environment, compose_file

CONTAINERS = compose_file()["services"]


def compose_values(spec: ServiceSpec) -> dict[str, str]:
    """The secrets docker-compose.yml gives the service's container when the shell sets none."""
    env = compose_environment(CONTAINERS[spec.name])
    return {name: value for name, value in env.items() if name.endswith(("_SECRET", "_KEY"))}


def refusal(load: LoadSettings, spec: ServiceSpec, env: dict[str, str]) -> str:
    with pytest.raises(ValidationError) as raised:
        load(spec, env)
    return str(raised.value)


def secret_settings(spec: ServiceSpec) -> list[str]:
    return sorted(production_environment([spec.name]).keys() - {"KELISIM_ENVIRONMENT"})


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_random_secrets_start(spec: ServiceSpec, load_settings: LoadSettings) -> None:
    """The positive control: fresh secrets of every kind are accepted, audit keys loaded."""
    settings = load_settings(spec, production_environment([spec.name]))
    assert settings.platform.environment == "production"
    assemble(spec, settings)


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_no_secrets_at_all(spec: ServiceSpec, load_settings: LoadSettings) -> None:
    message = refusal(load_settings, spec, {"KELISIM_ENVIRONMENT": "production"})
    assert "KELISIM_OIDC_ISSUER must be set in production" in message


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_no_audit_keys(spec: ServiceSpec, load_settings: LoadSettings) -> None:
    """Refused when the settings load, before anything runs (not first by the tree builder)."""
    env = production_environment([spec.name])
    del env[f"{spec.env_prefix}AUDIT_SIGNING_KEY"], env[f"{spec.env_prefix}AUDIT_COMMITMENT_KEY"]
    message = refusal(load_settings, spec, env)
    assert f"{spec.env_prefix}AUDIT_SIGNING_KEY must be set in production" in message
    assert f"{spec.env_prefix}AUDIT_COMMITMENT_KEY must be set in production" in message


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_each_secret_must_be_given(spec: ServiceSpec, load_settings: LoadSettings) -> None:
    for name in secret_settings(spec):
        env = production_environment([spec.name])
        del env[name]
        assert f"{name} must be set in production" in refusal(load_settings, spec, env)


def _compose_cases() -> list[tuple[ServiceSpec, str]]:
    return [(spec, name) for spec in SERVICES for name in sorted(compose_values(spec))]


@pytest.mark.parametrize(
    ("spec", "name"), _compose_cases(), ids=lambda v: getattr(v, "name", None) or str(v)
)
def test_each_compose_value_is_refused(
    spec: ServiceSpec, name: str, load_settings: LoadSettings
) -> None:
    """Every secret docker-compose.yml publishes, for each kind: the audit signing and
    commitment keys, the ballot key."""
    env = {**production_environment([spec.name]), name: compose_values(spec)[name]}
    message = refusal(load_settings, spec, env)
    assert f"{name} is a value published in this repository" in message


def test_every_kind_of_secret_has_a_compose_value() -> None:
    """The cases above cover each kind of secret compose publishes."""
    kinds = {
        name.removeprefix(spec.env_prefix).removeprefix("KELISIM_")
        for spec, name in _compose_cases()
    }
    assert {"AUDIT_SIGNING_KEY", "AUDIT_COMMITMENT_KEY", "BALLOT_KEY"} <= kinds


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_the_compose_database_password_is_refused(
    spec: ServiceSpec, load_settings: LoadSettings
) -> None:
    url = compose_environment(CONTAINERS[spec.name])[spec.database_env]
    assert urlsplit(url).password
    env = {**production_environment([spec.name]), spec.database_env: url}
    message = refusal(load_settings, spec, env)
    assert f"the password in {spec.database_env} is a value published" in message
    fresh = url.replace(urlsplit(url).password or "", secrets.token_hex(24))
    load_settings(spec, {**env, spec.database_env: fresh})


@pytest.mark.parametrize("default", [TEST_JWT_SECRET, E2E_JWT_SECRET, secrets.token_hex(32)])
def test_production_trusts_no_shared_secret(default: str, load_settings: LoadSettings) -> None:
    """Whatever KELISIM_JWT_SECRET says, production verifies tokens with the issuer's keys only
    (a shared secret would let any system that holds it mint a chairman's token)."""
    spec = SERVICES[0]
    env = {**production_environment([spec.name]), "KELISIM_JWT_SECRET": default}
    auth = auth_settings(load_settings(spec, env).platform)
    assert auth.secret is None
    assert auth.oidc is not None and auth.oidc.issuer == env["KELISIM_OIDC_ISSUER"]


@pytest.mark.parametrize(
    ("issuer", "accepted"),
    [
        ("https://sso.gov.kz/realms/kelisim", True),
        ("http://127.0.0.1:8009", True),  # on this machine: nothing travels the network
        ("http://keycloak:8080/realms/kelisim", False),
        ("ftp://sso.gov.kz", False),
        ("  ", False),
    ],
)
def test_the_issuer_is_reached_over_tls_in_production(
    issuer: str, accepted: bool, load_settings: LoadSettings
) -> None:
    env = {**production_environment([MEMBERSHIP.name]), "KELISIM_OIDC_ISSUER": issuer}
    if accepted:
        load_settings(MEMBERSHIP, env)
    else:
        assert "KELISIM_OIDC_ISSUER must be" in refusal(load_settings, MEMBERSHIP, env)


def test_development_accepts_the_compose_values(load_settings: LoadSettings) -> None:
    """Outside production the published defaults still work (docker compose up on a laptop)."""
    for spec in SERVICES:
        load_settings(spec, compose_values(spec))


SESSIONS = next(s for s in SERVICES if s.name == "sessions")
MEMBERSHIP = SERVICES[0]


@pytest.mark.parametrize(
    ("spec", "name", "value", "problem"),
    [
        (SESSIONS, "KELISIM_SESSIONS_BALLOT_KEY", secrets.token_hex(10), "at least 32 bytes"),
        (SESSIONS, "KELISIM_SESSIONS_BALLOT_KEY", "a" * 32, "fewer than 8 different characters"),
        (
            MEMBERSHIP,
            "KELISIM_MEMBERSHIP_AUDIT_SIGNING_KEY",
            base64.b64encode(secrets.token_bytes(16)).decode(),
            "must be base64 of 32 bytes",
        ),
        (
            MEMBERSHIP,
            "KELISIM_MEMBERSHIP_AUDIT_COMMITMENT_KEY",
            secrets.token_urlsafe(32),
            "is not base64",
        ),
        (
            MEMBERSHIP,
            "KELISIM_MEMBERSHIP_AUDIT_COMMITMENT_KEY",
            base64.b64encode(bytes(32)).decode(),
            "fewer than 8 different bytes",
        ),
    ],
)
def test_short_or_guessable_secrets_are_refused(
    spec: ServiceSpec, name: str, value: str, problem: str, load_settings: LoadSettings
) -> None:
    env = {**production_environment([spec.name]), name: value}
    message = refusal(load_settings, spec, env)
    assert f"{name} " in message
    assert problem in message


def test_a_published_key_in_another_spelling_is_refused(load_settings: LoadSettings) -> None:
    """Base64 leaves two bits of a 32-byte key's last character unused: set, they spell the
    same key differently. It is still the published key."""
    name = f"{MEMBERSHIP.env_prefix}AUDIT_SIGNING_KEY"
    published = compose_values(MEMBERSHIP)[name]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet[alphabet.index(published[-2]) ^ 1]
    respelled = published[:-2] + last + "="
    assert respelled != published
    assert base64.b64decode(respelled) == base64.b64decode(published)
    env = {**production_environment([MEMBERSHIP.name]), name: f" {respelled}\n"}
    assert f"{name} is a value published" in refusal(load_settings, MEMBERSHIP, env)


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("KELISIM_KAFKA_SASL_PASSWORD", "short-pass", "at least 16 bytes"),
        ("KELISIM_KAFKA_SASL_PASSWORD", "kelisim-compose-development", "published"),
    ],
)
def test_the_kafka_sasl_password_in_production(
    name: str, value: str, problem: str, load_settings: LoadSettings
) -> None:
    sasl = {
        "KELISIM_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "KELISIM_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KELISIM_KAFKA_SASL_USERNAME": "kelisim-membership",
    }
    env = {**production_environment([MEMBERSHIP.name]), **sasl, name: value}
    message = refusal(load_settings, MEMBERSHIP, env)
    assert name in message
    assert problem in message
    load_settings(MEMBERSHIP, {**env, name: secrets.token_urlsafe(24)})


def test_an_audit_key_is_checked_outside_production_too(load_settings: LoadSettings) -> None:
    """A malformed key is an error in every environment, found at start-up."""
    name = f"{MEMBERSHIP.env_prefix}AUDIT_SIGNING_KEY"
    message = refusal(load_settings, MEMBERSHIP, {name: "not a key"})
    assert f"{name} is not base64" in message
    load_settings(MEMBERSHIP, {name: random_key()})


def test_a_token_lifetime_beyond_its_maximum_is_refused(load_settings: LoadSettings) -> None:
    env = {"KELISIM_JWT_TTL_SECONDS": "7200", "KELISIM_JWT_MAX_TTL_SECONDS": "3600"}
    message = refusal(load_settings, MEMBERSHIP, env)
    assert "KELISIM_JWT_TTL_SECONDS (7200) exceeds KELISIM_JWT_MAX_TTL_SECONDS (3600)" in message
