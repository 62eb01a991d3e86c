"""Every rendered object and the Compose files against the real schemas of the pinned versions
(tests/deploy/schemas.py), with unknown fields refused; and the versions stated once, in
deploy/versions.yaml, are the ones the manifests and the operations guide use."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from tests.deploy.manifests import COMPOSE, K8S, REPO, by_kind, compose_file, load_documents, render
from tests.deploy.schemas import (
    VERSIONS,
    crd_directories,
    crd_files,
    kubernetes_versions,
    validate_compose,
    validate_object,
)

BUILDS = {
    "base": render(K8S / "base"),
    "production": render(K8S / "overlays" / "production"),
}
RESTORE = load_documents(K8S / "restore" / "cluster.yaml")
CUSTOM_GROUPS = ("kafka.strimzi.io", "postgresql.cnpg.io", "barmancloud.cnpg.io", "monitoring")

needs_crds = pytest.mark.skipif(
    not crd_files(),
    reason="CRD schemas not found (tests/deploy/schemas/README.md): looked in "
    + ", ".join(str(d) for d in crd_directories()[:3]),
)


def is_custom(doc: dict[str, Any]) -> bool:
    return doc["apiVersion"].startswith(CUSTOM_GROUPS)


def objects(custom: bool) -> list[tuple[str, dict[str, Any]]]:
    found = [
        (f"{b}:{d['kind']}/{d['metadata']['name']}", d) for b, ds in BUILDS.items() for d in ds
    ]
    found += [(f"restore:{d['kind']}/{d['metadata']['name']}", d) for d in RESTORE]
    return [(name, d) for name, d in found if is_custom(d) == custom]


@pytest.mark.parametrize(
    ("name", "doc"), objects(custom=False), ids=lambda v: v if isinstance(v, str) else ""
)
def test_kubernetes_objects_match_the_pinned_kubernetes_schemas(
    name: str, doc: dict[str, Any]
) -> None:
    assert validate_object(doc) == []


@needs_crds
@pytest.mark.parametrize(
    ("name", "doc"), objects(custom=True), ids=lambda v: v if isinstance(v, str) else ""
)
def test_custom_resources_match_the_pinned_crds(name: str, doc: dict[str, Any]) -> None:
    assert validate_object(doc) == []


def with_unknown_field(doc: dict[str, Any], path: list[str]) -> dict[str, Any]:
    broken = copy.deepcopy(doc)
    node: Any = broken
    for key in path:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node["replicaz"] = 3
    return broken


def test_an_unknown_field_in_a_kubernetes_object_is_refused() -> None:
    deployment = by_kind(BUILDS["production"], "Deployment")["sessions"]
    problems = validate_object(with_unknown_field(deployment, ["spec", "template", "spec"]))
    assert len(problems) == len(kubernetes_versions())
    assert all("'replicaz' was unexpected" in p for p in problems)
    policy = by_kind(BUILDS["base"], "NetworkPolicy")["default-deny"]
    assert validate_object(with_unknown_field(policy, ["spec"]))


@needs_crds
def test_an_unknown_field_in_a_custom_resource_is_refused() -> None:
    cluster = by_kind(BUILDS["production"], "Cluster")["sessions-db"]
    problems = validate_object(with_unknown_field(cluster, ["spec", "plugins", "0"]))
    assert problems and "'replicaz' was unexpected" in problems[0]
    kafka = by_kind(BUILDS["production"], "Kafka")["kelisim"]
    assert validate_object(with_unknown_field(kafka, ["spec", "kafka"]))
    # An apiVersion the pinned Strimzi does not serve is refused too.
    assert validate_object({**kafka, "apiVersion": "kafka.strimzi.io/v1"})


def test_the_compose_files_match_the_compose_specification() -> None:
    assert validate_compose(compose_file()) == []
    assert validate_compose(compose_file(PRODUCTION_COMPOSE)) == []
    broken = compose_file()
    broken["services"]["sessions"]["depends_on"]["postgres"]["condition"] = "service_done"
    assert validate_compose(broken)
    broken = compose_file()
    broken["services"]["sessions"]["healthchek"] = {}
    assert any("healthchek" in p for p in validate_compose(broken))


PRODUCTION_COMPOSE = COMPOSE.with_name("compose.production.yaml")


def test_versions_are_stated_once_and_used_everywhere() -> None:
    strimzi, cnpg = VERSIONS["strimzi"], VERSIONS["cloudnativepg"]
    for docs in BUILDS.values():
        (kafka,) = by_kind(docs, "Kafka").values()
        assert kafka["spec"]["kafka"]["version"] == strimzi["kafka"]
        assert kafka["spec"]["kafka"]["metadataVersion"] == strimzi["metadataVersion"]
        for doc in docs:
            if doc["apiVersion"].startswith("kafka.strimzi.io/"):
                assert doc["apiVersion"] == strimzi["apiVersion"]
        for cluster in by_kind(docs, "Cluster").values():
            assert cluster["spec"]["imageName"] == cnpg["postgresImage"]
    compose = compose_file()
    assert compose["services"]["kafka"]["image"].startswith(f"apache/kafka:{strimzi['kafka']}@")

    guide = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    stated = {
        "Strimzi": strimzi["operator"],
        "CloudNativePG": cnpg["operator"],
        "Barman Cloud plugin": cnpg["barmanCloudPlugin"],
        "Prometheus Operator": VERSIONS["prometheusOperator"],
        "Kafka": strimzi["kafka"],
    }
    for what, version in stated.items():
        assert re.search(rf"{what}[^\n|]*\| *{re.escape(version)} *\|", guide), (
            f"docs/operations.md does not pin {what} {version} in its versions table"
        )
    span = VERSIONS["kubernetes"]
    assert f"Kubernetes {span['minimum']} to {span['maximum']}" in guide
    for version in (strimzi["operator"], cnpg["operator"], cnpg["barmanCloudPlugin"]):
        assert "or later" not in guide.split(version)[1][:20]


@needs_crds
def test_the_crds_found_are_the_pinned_releases() -> None:
    names = {path.name for path in crd_files()}
    strimzi, cnpg = VERSIONS["strimzi"]["operator"], VERSIONS["cloudnativepg"]
    prefixes = {
        f"strimzi-{strimzi}-",
        f"cnpg-{cnpg['operator']}-",
        f"barman-cloud-{cnpg['barmanCloudPlugin']}-",
        f"prometheus-operator-{VERSIONS['prometheusOperator']}-",
    }
    for name in names:
        assert any(name.startswith(prefix) for prefix in prefixes), name
    for prefix in prefixes:
        assert any(name.startswith(prefix) for name in names), f"no CRD file {prefix}*"
