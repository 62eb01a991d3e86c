"""The console is deployed like the services: its image in the locked two-stage form, a
Compose service after the five it forwards, and on Kubernetes a Deployment with the services'
security context, no service-account token, probes, settings it accepts (in production too)
and network policies that let it reach the five APIs only."""

from __future__ import annotations

import re

import pytest

from ops.testing.production import random_key
from services.console.settings import ConsoleSettings
from shared.runtime.catalog import CONSOLE, SERVICES
from tests.deploy.conftest import LoadSettings
from tests.deploy.manifests import (
    K8S,
    REPO,
    by_kind,
    compose_environment,
    compose_file,
    container_environment,
    known_env_names,
    render,
)

DOCKERFILE = REPO / "deploy" / "docker" / "console.Dockerfile"
RENDERED = {"base": render(K8S / "base"), "production": render(K8S / "overlays" / "production")}


def test_the_image_is_built_like_the_services() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    sessions = (REPO / "deploy" / "docker" / "sessions.Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, re.MULTILINE)
    assert base is not None and base.group(0) in sessions, "the services' base image, by digest"
    assert re.findall(r"^FROM (.*)$", text, re.MULTILINE) == [
        "${PYTHON_IMAGE} AS build",
        "${PYTHON_IMAGE}",
    ]
    assert "--require-hashes --no-deps \\\n        -r requirements.lock" in text
    runtime = text.split("FROM ${PYTHON_IMAGE}\n", 1)[1]
    assert "pip uninstall --yes --quiet pip setuptools wheel" in runtime
    assert "USER 10001" in runtime
    assert "COPY services/console ./services/console" in text
    assert not re.search(r"COPY services/(membership|sessions|council|monitoring|programmes)", text)
    assert "services.console.main:create_app" in text and "EXPOSE 8000" in text
    assert (REPO / "deploy" / "docker" / "console.Dockerfile.dockerignore").exists()


def test_compose_runs_the_console_after_the_services_it_forwards(
    load_settings: LoadSettings,
) -> None:
    compose = compose_file()
    console = compose["services"]["console"]
    assert console["build"]["dockerfile"] == "deploy/docker/console.Dockerfile"
    assert set(console["depends_on"]) == {s.name for s in SERVICES}
    assert console["ports"] == ["127.0.0.1:8000:8000"]
    env = compose_environment(console)
    for spec in SERVICES:
        url = env[f"KELISIM_CONSOLE_{spec.name.upper()}_URL"]
        assert url == f"http://{spec.name}:{spec.default_port}"
    assert set(env) <= known_env_names(CONSOLE) | {"SERVICE_PORT"}
    settings = load_settings(CONSOLE, env)  # the development defaults are accepted
    assert isinstance(settings, ConsoleSettings)


def test_production_compose_requires_the_console_secret() -> None:
    production = compose_file(REPO / "compose.production.yaml")["services"]["console"]
    raw = production["environment"]
    assert raw["KELISIM_CONSOLE_SESSION_SECRET"].startswith("${KELISIM_CONSOLE_SESSION_SECRET:?")
    assert raw["KELISIM_ENVIRONMENT"] == "production"


@pytest.mark.parametrize("build", list(RENDERED))
def test_the_console_deployment_is_locked_down_like_the_services(build: str) -> None:
    docs = RENDERED[build]
    deployment = by_kind(docs, "Deployment")["console"]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert (
        pod["securityContext"]
        == by_kind(docs, "Deployment")["sessions"]["spec"]["template"]["spec"]["securityContext"]
    )
    (container,) = pod["containers"]
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    env, _ = container_environment(docs, container, random_key())
    assert set(env) <= known_env_names(CONSOLE)
    for spec in SERVICES:
        assert env[f"KELISIM_CONSOLE_{spec.name.upper()}_URL"] == f"http://{spec.name}"
        assert spec.name in by_kind(docs, "Service")
    assert "console" in by_kind(docs, "Service")
    assert "console" in by_kind(docs, "HorizontalPodAutoscaler")
    assert "console" in by_kind(docs, "PodDisruptionBudget")


@pytest.mark.parametrize("build", list(RENDERED))
def test_network_policies_let_the_console_reach_the_apis_only(build: str) -> None:
    policies = by_kind(RENDERED[build], "NetworkPolicy")
    console = policies["console"]
    assert not any("cnpg.io/cluster" in str(rule) for rule in console["spec"]["egress"])
    assert "strimzi" not in str(console["spec"]["egress"])
    for spec in SERVICES:
        sources = policies[spec.name]["spec"]["ingress"][0]["from"]
        assert {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "console"}}} in sources
