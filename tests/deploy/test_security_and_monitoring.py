"""Least privilege and monitoring in the rendered manifests: Kafka ACLs equal to what the code
does, network policies that let each pod reach only what it needs, alerts on metrics that
something exports with a runbook entry each, and the SQL behind the database metrics."""

from __future__ import annotations

import asyncio
import importlib
import json
import re
from typing import Any

import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.migrations import upgrade_async
from shared.runtime.catalog import SERVICES, ServiceSpec
from tests.deploy.manifests import K8S, REPO, by_kind, render, settings_class

PRODUCTION = render(K8S / "overlays" / "production")
BASE = render(K8S / "base")


def consumed_topics(spec: ServiceSpec) -> list[str]:
    settings = settings_class(spec)(database_url="postgresql+asyncpg://x@127.0.0.1:9/x")
    platform = importlib.import_module(f"{spec.module}.bootstrap").build(settings)
    try:
        return list(platform.consumer.topics) if platform.consumer else []
    finally:
        asyncio.run(platform.dispose())


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_each_kafka_user_may_do_what_its_service_does_and_nothing_else(spec: ServiceSpec) -> None:
    settings = settings_class(spec).model_construct()
    reads = set(consumed_topics(spec))
    expected: dict[tuple[str, str], set[str]] = {
        ("topic", settings.topic): {"Write", "Describe"}
        | ({"Read"} if settings.topic in reads else set()),
        ("topic", settings.dead_letter_topic): {"Write", "Describe"},
        ("group", settings.consumer_group): {"Read"},
    }
    for topic in reads - {settings.topic}:
        expected[("topic", topic)] = {"Read", "Describe"}
    user = by_kind(PRODUCTION, "KafkaUser")[f"kelisim-{spec.name}"]["spec"]
    assert user["authorization"]["type"] == "simple"
    granted = {
        (acl["resource"]["type"], acl["resource"]["name"]): set(acl["operations"])
        for acl in user["authorization"]["acls"]
    }
    assert all(acl["resource"]["patternType"] == "literal" for acl in user["authorization"]["acls"])
    assert granted == expected


# ----------------------------------------------------------------------------------------------
# Network policies, evaluated the way Kubernetes does for pods of one namespace

NAMESPACE = {"kubernetes.io/metadata.name": "kelisim"}


def matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        present = expression["key"] in labels
        value = labels.get(expression["key"])
        operator = expression["operator"]
        if operator == "In" and value not in expression["values"]:
            return False
        if operator == "NotIn" and value in expression["values"]:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def peer_allows(peer: dict[str, Any], labels: dict[str, str], namespace: dict[str, str]) -> bool:
    if "namespaceSelector" in peer:
        if not matches(peer["namespaceSelector"], namespace):
            return False
    elif namespace != NAMESPACE:
        return False
    return "podSelector" not in peer or matches(peer["podSelector"], labels)


def rule_allows(
    rule: dict[str, Any], side: str, labels: dict[str, str], namespace: dict[str, str], port: int
) -> bool:
    ports = rule.get("ports")
    if ports and not any(p.get("port") == port for p in ports):
        return False
    peers = rule.get(side)
    return not peers or any(peer_allows(peer, labels, namespace) for peer in peers)


def allowed(
    docs: list[dict[str, Any]],
    source: dict[str, str],
    target: dict[str, str],
    port: int,
    source_namespace: dict[str, str] = NAMESPACE,
) -> bool:
    """Egress from ``source`` (if it is in this namespace) and ingress to ``target``."""
    policies = [p["spec"] for p in by_kind(docs, "NetworkPolicy").values()]

    def side(
        pod: dict[str, str],
        kind: str,
        rules: str,
        peer_side: str,
        other: dict[str, str],
        other_ns: dict[str, str],
    ) -> bool:
        chosen = [
            p for p in policies if kind in p["policyTypes"] and matches(p["podSelector"], pod)
        ]
        return any(
            rule_allows(r, peer_side, other, other_ns, port)
            for p in chosen
            for r in p.get(rules, [])
        )

    egress = source_namespace != NAMESPACE or side(
        source, "Egress", "egress", "to", target, NAMESPACE
    )
    ingress = side(target, "Ingress", "ingress", "from", source, source_namespace)
    return egress and ingress


def reaches_kafka(docs: list[dict[str, Any]], labels: dict[str, str]) -> bool:
    return any(
        rule_allows(rule, "to", BROKER, NAMESPACE, 9093)
        for policy in by_kind(docs, "NetworkPolicy").values()
        if "Egress" in policy["spec"]["policyTypes"]
        and matches(policy["spec"]["podSelector"], labels)
        for rule in policy["spec"].get("egress", [])
    )


def pod(service: str, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": service, "app.kubernetes.io/component": component}


def database(service: str) -> dict[str, str]:
    return {"cnpg.io/cluster": f"{service}-db", "cnpg.io/podRole": "instance"}


BROKER = {
    "strimzi.io/cluster": "kelisim",
    "strimzi.io/broker-role": "true",
    "strimzi.io/kind": "Kafka",
}
INGRESS = {"kubernetes.io/metadata.name": "ingress", "kelisim.kz/ingress": "allowed"}
PROMETHEUS = {"kubernetes.io/metadata.name": "monitoring", "kelisim.kz/monitoring": "allowed"}
ELSEWHERE = {"kubernetes.io/metadata.name": "elsewhere"}


@pytest.mark.parametrize("docs", [BASE, PRODUCTION], ids=["base", "production"])
def test_network_policies_let_each_pod_reach_only_what_it_needs(docs: list[dict[str, Any]]) -> None:
    policies = by_kind(docs, "NetworkPolicy")
    assert policies["default-deny"]["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
    }
    for spec in SERVICES:
        other = next(s for s in SERVICES if s.name != spec.name)
        for component in ("api", "worker", "migration"):
            assert allowed(docs, pod(spec.name, component), database(spec.name), 5432)
            assert not allowed(docs, pod(spec.name, component), database(other.name), 5432)
        # Kafka: the workers' egress only (Strimzi writes the brokers' ingress policies).
        assert reaches_kafka(docs, pod(spec.name, "worker"))
        assert not reaches_kafka(docs, pod(spec.name, "api"))
        assert allowed(docs, {}, pod(spec.name, "api"), spec.default_port, INGRESS)
        assert not allowed(docs, {}, pod(spec.name, "api"), spec.default_port, ELSEWHERE)
        assert not allowed(docs, {}, database(spec.name), 5432, INGRESS)
        assert allowed(docs, {}, pod(spec.name, "worker"), 9090, PROMETHEUS)
        assert not allowed(docs, {}, pod(spec.name, "api"), 9090, INGRESS)
        assert allowed(docs, database(spec.name), database(spec.name), 5432), "replication"
    (kafka,) = by_kind(docs, "Kafka").values()
    for listener in kafka["spec"]["kafka"]["listeners"]:
        assert listener["networkPolicyPeers"] == [
            {"podSelector": {"matchLabels": {"app.kubernetes.io/component": "worker"}}}
        ]


# ----------------------------------------------------------------------------------------------
# Alerts and dashboard

GUIDE = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
RULES = [
    rule
    for group in by_kind(PRODUCTION, "PrometheusRule")["kelisim"]["spec"]["groups"]
    for rule in group["rules"]
]
POSTGRES_QUERIES = {
    service: yaml.safe_load(text)
    for service, text in by_kind(BASE, "ConfigMap")["kelisim-postgres-metrics"]["data"].items()
}


def exported_metrics() -> set[str]:
    """Names something exports: the services, the PostgreSQL custom queries, the Kafka JMX
    rules; and prefixes of the exporters Kelisim runs but does not define."""
    from prometheus_client import REGISTRY

    import services.sessions.application.ballot_intake  # noqa: F401  (registers its metrics)
    import shared.api.metrics
    import shared.metrics  # noqa: F401

    names = set()
    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"], "gauge": [""]}
    for family in REGISTRY.collect():
        names.update(family.name + suffix for suffix in suffixes.get(family.type, [""]))
    for queries in POSTGRES_QUERIES.values():
        for query, body in queries.items():
            for metric in body["metrics"]:
                names.update(f"cnpg_{query}_{column}" for column in metric)
    jmx = yaml.safe_load(
        by_kind(BASE, "ConfigMap")["kelisim-kafka-metrics"]["data"]["kafka-metrics-config.yml"]
    )
    names.update(rule["name"] for rule in jmx["rules"] if "$" not in rule["name"])
    return names


FOREIGN = (
    "kafka_consumergroup_",
    "cnpg_collector_",
    "cnpg_pg_stat_archiver_",
    "kube_horizontalpodautoscaler_",
)


def metric_names(expr: str) -> set[str]:
    """The metric names in a PromQL expression (label matchers, groupings, ranges, strings and
    functions left out)."""
    bare = re.sub(r'\{[^}]*\}|\b(?:by|on)\s*\([^)]*\)|\[[^\]]*\]|"[^"]*"', " ", expr)
    return set(re.findall(r"\b([a-z][a-z0-9]*_[a-z0-9_]+)\b(?!\s*\()", bare))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r["alert"])
def test_each_alert_has_a_runbook_entry_and_known_metrics(rule: dict[str, Any]) -> None:
    anchor = rule["annotations"]["runbook_url"].split("#", 1)[1]
    assert f'<a id="{anchor}"></a>' in GUIDE, f"no runbook entry #{anchor} in docs/operations.md"
    assert anchor == f"alert-{rule['alert'].lower()}"
    assert rule["labels"]["severity"] in {"warning", "critical"}
    known = exported_metrics()
    for name in metric_names(rule["expr"]):
        assert name in known or name.startswith(FOREIGN), f"{rule['alert']}: nothing exports {name}"


def test_the_dashboard_queries_known_metrics() -> None:
    dashboard = json.loads(
        (K8S / "monitoring" / "kelisim-dashboard.json").read_text(encoding="utf-8")
    )
    known = exported_metrics()
    assert dashboard["panels"]
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            for name in metric_names(target["expr"]):
                assert name in known or name.startswith(FOREIGN), f"{panel['title']}: {name}"
    generated = by_kind(PRODUCTION, "ConfigMap")["kelisim-grafana-dashboard"]
    assert generated["metadata"]["labels"]["grafana_dashboard"] == "1"


@pytest.mark.integration
@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
async def test_the_database_metrics_queries_run_on_a_migrated_database(
    spec: ServiceSpec, fresh_database: Any
) -> None:
    url = await fresh_database(f"deploy_metrics_{spec.name}")
    await upgrade_async(url, spec.migrations_dir())
    queries = POSTGRES_QUERIES[spec.name]
    cluster = by_kind(BASE, "Cluster")[f"{spec.name}-db"]
    assert cluster["spec"]["monitoring"]["customQueriesConfigMap"] == [
        {"name": "kelisim-postgres-metrics", "key": spec.name}
    ]
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            for name, body in queries.items():
                assert body["target_databases"] == [spec.database_name], name
                row = (await conn.execute(text(body["query"]))).mappings().one()
                columns = {column for metric in body["metrics"] for column in metric}
                assert set(row) == columns, name
                assert all(value is not None for value in row.values()), name
    finally:
        await engine.dispose()
