"""docker-compose.yml: parses, builds from files that exist, gives every container the settings
its service requires (also in production), starts things in order, and names the topics the
code uses. No Docker needed."""

from __future__ import annotations

import re
import secrets
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ops.testing.production import production_environment as random_secrets
from shared.api.app import auth_settings
from shared.runtime.catalog import SERVICES, ServiceSpec
from tests.deploy.conftest import LoadSettings, assemble
from tests.deploy.manifests import (
    REPO,
    compose_environment,
    compose_file,
    expected_topics,
    known_env_names,
    service_env_fields,
)

COMPOSE = compose_file()
CONTAINERS = COMPOSE["services"]


def app_containers() -> list[tuple[str, ServiceSpec]]:
    """(compose service, catalog service) for every container that runs a Kelisim image."""
    return [(name, spec) for spec in SERVICES for name in (spec.name, f"{spec.name}-migrate")]


def test_compose_has_infrastructure_and_every_service() -> None:
    assert COMPOSE["services"]["postgres"]["image"].startswith("postgres:")
    kafka = CONTAINERS["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    roles = set(str(kafka["environment"]["KAFKA_PROCESS_ROLES"]).split(","))
    assert roles == {"broker", "controller"}, "Kafka runs in KRaft mode, no ZooKeeper"
    assert "zookeeper" not in CONTAINERS
    for name, spec in app_containers():
        assert name in CONTAINERS, f"{name} missing from docker-compose.yml"
        assert CONTAINERS[name]["image"].split(":")[0] == f"kelisim/{spec.name}"


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_build_context_and_dockerfile_exist(spec: ServiceSpec) -> None:
    # One build per image: the service builds it, its migrate container runs it.
    migrate = CONTAINERS[f"{spec.name}-migrate"]
    assert "build" not in migrate and migrate["pull_policy"] == "never"
    assert migrate["image"] == CONTAINERS[spec.name]["image"]
    build = CONTAINERS[spec.name]["build"]
    context = (REPO / build["context"]).resolve()
    assert context == REPO, "images are built from the repository root"
    dockerfile = context / build["dockerfile"]
    assert dockerfile == REPO / "deploy" / "docker" / f"{spec.name}.Dockerfile"
    assert dockerfile.is_file()
    ignore = dockerfile.with_name(dockerfile.name + ".dockerignore")
    assert ignore.is_file(), "without it the context would carry .venv and .kelisim"
    ignore_lines = [line.strip() for line in ignore.read_text().splitlines()]
    assert "*" in ignore_lines

    text = dockerfile.read_text(encoding="utf-8")
    sources = [
        source
        for line in text.splitlines()
        if line.startswith("COPY ") and "--from" not in line
        for source in shlex.split(line)[1:-1]
        if not source.startswith("--")
    ]
    assert f"services/{spec.name}" in sources
    for source in sources:
        assert (context / source).exists(), f"{dockerfile.name} copies missing {source}"
        top = source.split("/")[0]
        assert f"!{source}" in ignore_lines or f"!{top}" in ignore_lines, (
            f"{ignore.name} keeps {source} out of the build context"
        )
    assert f'"services.{spec.name}.main:create_app"' in text
    assert f"EXPOSE {spec.default_port}" in text
    assert f'"--port", "{spec.default_port}"' in text


@pytest.mark.parametrize(("name", "spec"), app_containers())
@pytest.mark.parametrize("environment", ["as-written", "production"])
def test_every_container_gets_the_settings_its_service_requires(
    name: str,
    spec: ServiceSpec,
    environment: str,
    load_settings: LoadSettings,
) -> None:
    if environment == "production":
        # compose.production.yaml with the secrets the operator exports (docs/operations.md):
        # the published defaults are refused (test_production_secrets.py), and nothing else
        # may be missing.
        env = production_environment(name, SECRETS)
    else:
        env = compose_environment(CONTAINERS[name])
    if name.endswith("-migrate"):
        # deploy/migrate.py reads the service's database URL and nothing else (no secrets).
        url = env.get(spec.database_env)
    else:
        cls_fields = service_env_fields(spec)
        settings = load_settings(spec, env)  # raises if anything required is missing or invalid
        for env_name, field in cls_fields.items():
            if type(settings).model_fields[field].is_required():
                assert env_name in env, f"{name} lacks required {env_name}"
        url = settings.database_url
    assert url, (
        f"{name}: {spec.database_env} must be set (the embedded default is not in a container)"
    )
    parts = urlsplit(url)
    assert parts.scheme == "postgresql+asyncpg"
    assert parts.hostname == "postgres"
    assert parts.path == f"/{spec.database_name}"
    assert parts.username == spec.database_name, "each service logs in with its own role"
    if name.endswith("-migrate"):
        return

    assemble(spec, settings)

    platform = settings.platform
    assert platform.kafka_bootstrap_servers == "kafka:9092"
    assert platform.kafka_enable_idempotence is True
    assert platform.kafka_acks == "all"
    auth = auth_settings(platform)
    assert auth.oidc is not None, "the services trust an identity provider"
    if environment == "production":
        assert auth.secret is None and auth.oidc.issuer == SECRETS["KELISIM_OIDC_ISSUER"]
    else:  # the Keycloak of docker-compose.yml, reached inside the network
        assert auth.oidc.issuer == "http://localhost:8080/realms/kelisim"
        assert auth.oidc.discovery_url.startswith("http://keycloak:8080/realms/kelisim/")


@pytest.mark.parametrize(("name", "spec"), app_containers())
def test_env_names_are_settings_fields(name: str, spec: ServiceSpec) -> None:
    known = known_env_names(spec)
    for env_name in compose_environment(CONTAINERS[name]):
        if env_name.startswith("KELISIM_"):
            assert env_name in known, f"{name}: {env_name} is no field of the settings (a typo?)"


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_services_start_after_migrations_and_topics_and_report_health(spec: ServiceSpec) -> None:
    service = CONTAINERS[spec.name]
    assert service["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "kafka": {"condition": "service_healthy"},
        "kafka-init": {"condition": "service_completed_successfully"},
        f"{spec.name}-migrate": {"condition": "service_completed_successfully"},
    }
    env = compose_environment(service)
    assert env["SERVICE_PORT"] == str(spec.default_port)
    assert service["ports"] == [f"127.0.0.1:{spec.default_port}:{spec.default_port}"]
    probe = " ".join(service["healthcheck"]["test"])
    assert "/ready" in probe and "SERVICE_PORT" in probe
    # As in `kelisim up`: the relay and the consumer run in the service's process.
    assert env[f"{spec.env_prefix}RUN_RELAY"] == "true"
    assert env[f"{spec.env_prefix}RUN_CONSUMER"] == "true"
    assert env[f"{spec.env_prefix}RUN_TREE_BUILDER"] == "true"

    migrate = CONTAINERS[f"{spec.name}-migrate"]
    assert migrate["command"] == ["python", "deploy/migrate.py", spec.name]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"
    assert (REPO / "deploy" / "migrate.py").is_file()


def test_infrastructure_has_healthchecks() -> None:
    for name in ("postgres", "kafka"):
        assert CONTAINERS[name]["healthcheck"]["test"], name
    assert CONTAINERS["kafka-init"]["depends_on"] == {"kafka": {"condition": "service_healthy"}}


def test_topics_created_are_the_topics_in_code() -> None:
    init = CONTAINERS["kafka-init"]
    env = compose_environment(init)
    events, dead_letters = expected_topics()
    assert set(env["EVENT_TOPICS"].split()) == events
    assert set(env["DEAD_LETTER_TOPICS"].split()) == dead_letters
    script = REPO / "deploy" / "kafka" / "create-topics.sh"
    mount_source, mount_target = init["volumes"][0].split(":")[:2]
    assert (REPO / mount_source).resolve() == script.parent
    assert init["entrypoint"][-1] == f"{mount_target}/{script.name}"
    text = script.read_text()
    assert "retention.ms=-1" in text, "event topics keep everything"
    assert CONTAINERS["kafka"]["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


def test_postgres_init_creates_one_database_per_service() -> None:
    postgres = CONTAINERS["postgres"]
    init_dir = next(
        REPO / volume.split(":")[0]
        for volume in postgres["volumes"]
        if volume.split(":")[1] == "/docker-entrypoint-initdb.d"
    )
    script = init_dir / "10-kelisim-databases.sh"
    text = script.read_text()
    match = re.search(r'^SERVICES="([^"]*)"', text, re.MULTILINE)
    assert match is not None
    assert match.group(1).split() == [spec.name for spec in SERVICES]
    assert 'role="kelisim_${service}"' in text  # = ServiceSpec.database_name
    assert all(spec.database_name == f"kelisim_{spec.name}" for spec in SERVICES)
    assert "SERVICE_DB_PASSWORD" in compose_environment(postgres)
    assert Path(script).stat().st_mode & 0o111, "the entrypoint runs it as an executable"


PRODUCTION = compose_file(REPO / "compose.production.yaml")
SECRETS = {
    **{
        name: value
        for name, value in random_secrets(spec.name for spec in SERVICES).items()
        if name != "KELISIM_ENVIRONMENT"
    },
    "POSTGRES_PASSWORD": secrets.token_hex(24),
    "SERVICE_DB_PASSWORD": secrets.token_hex(24),
}


def production_environment(name: str, shell: dict[str, str]) -> dict[str, str]:
    """A container's environment with compose.production.yaml over docker-compose.yml."""
    env = compose_environment(CONTAINERS[name], shell)
    env.update(compose_environment(PRODUCTION["services"].get(name, {}), shell))
    return env


@pytest.mark.parametrize(("name", "spec"), app_containers())
def test_production_mode_refuses_to_start_without_every_secret(
    name: str, spec: ServiceSpec, load_settings: LoadSettings
) -> None:
    """No development value published in docker-compose.yml reaches a production container:
    each secret comes from the shell, and Compose stops when one is missing."""
    env = production_environment(name, SECRETS)
    assert env["KELISIM_ENVIRONMENT"] == "production"
    published = {
        value
        for container in CONTAINERS.values()
        for value in compose_environment(container).values()
    }
    for variable in SECRETS:
        missing = {k: v for k, v in SECRETS.items() if k != variable}
        uses = any(variable in str(v) for v in PRODUCTION["services"][name]["environment"].values())
        if uses:
            with pytest.raises(KeyError, match=variable):
                production_environment(name, missing)
    for key, value in env.items():
        if any(word in key for word in ("SECRET", "KEY", "PASSWORD", "DATABASE_URL")):
            assert value not in published or value in SECRETS.values(), key
    if name.endswith("-migrate"):  # deploy/migrate.py reads only the database URL
        assert env[spec.database_env]
    else:
        settings = load_settings(spec, env)
        assert settings.platform.environment == "production"
        assemble(spec, settings)
    assert PRODUCTION["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )
