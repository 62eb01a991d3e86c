"""deploy/k8s: every manifest parses, every kustomization's files exist, and each build (base,
production) has per service an API and a worker Deployment with probes, settings the service
accepts (also in production), a Service, autoscalers, disruption budgets, its PostgreSQL
cluster, and the topics the code uses. No cluster or Docker needed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from ops.testing.production import random_key
from shared.api.app import auth_settings
from shared.runtime.catalog import SERVICES, ServiceSpec
from tests.deploy.conftest import LoadSettings, assemble
from tests.deploy.manifests import (
    K8S,
    REPO,
    by_kind,
    compose_file,
    container_environment,
    expected_topics,
    known_env_names,
    kustomization,
    load_documents,
    render,
)

BUILDS = {
    "base": K8S / "base",
    "production": K8S / "overlays" / "production",
}
RENDERED = {name: render(path) for name, path in BUILDS.items()}
# Every key the Secrets hold reads as this: 32 random bytes in base64 (audit keys), 44
# characters (production refuses a value anyone can know or guess).
SECRET_PLACEHOLDER = random_key()
OPERATIONS = REPO / "docs" / "operations.md"


def kustomization_dirs() -> list[Path]:
    return sorted(path.parent for path in K8S.rglob("kustomization.yaml"))


def deployments_of(docs: list[dict[str, Any]], spec: ServiceSpec) -> dict[str, dict[str, Any]]:
    found = {
        d["metadata"]["labels"]["app.kubernetes.io/component"]: d
        for d in by_kind(docs, "Deployment").values()
        if d["metadata"]["labels"].get("app.kubernetes.io/name") == spec.name
    }
    assert set(found) == {"api", "worker"}, f"{spec.name}: an API and a worker Deployment"
    assert found["api"]["metadata"]["name"] == spec.name
    assert found["worker"]["metadata"]["name"] == f"{spec.name}-worker"
    return found


def app_container(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def test_every_manifest_parses() -> None:
    files = sorted(K8S.rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        documents = load_documents(path)
        assert documents, f"{path} is empty"
        for document in documents:
            assert isinstance(document, dict), path
            if path.name != "kustomization.yaml":
                assert document["apiVersion"] and document["kind"], path
                assert document["metadata"]["name"], path


@pytest.mark.parametrize("directory", kustomization_dirs(), ids=lambda p: str(p.relative_to(K8S)))
def test_kustomization_files_exist(directory: Path) -> None:
    k = kustomization(directory)
    assert k["kind"] == "Kustomization"
    for entry in k.get("resources", []):
        path = directory / entry
        assert path.is_file() or (path / "kustomization.yaml").is_file(), f"{entry} missing"
    for patch in k.get("patches", []):
        if "path" in patch:
            assert (directory / patch["path"]).is_file(), f"{patch['path']} missing"


def test_no_manifest_is_left_out_of_the_builds() -> None:
    used: set[Path] = set()
    for directory in kustomization_dirs():
        k = kustomization(directory)
        used.update((directory / e).resolve() for e in k.get("resources", []))
        used.update((directory / p["path"]).resolve() for p in k.get("patches", []) if "path" in p)
    for path in K8S.rglob("*.yaml"):
        if path.name != "kustomization.yaml":
            assert path.resolve() in used, f"{path.relative_to(K8S)} is in no kustomization"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.parametrize("build", BUILDS)
def test_renderer_agrees_with_kubectl_kustomize(build: str) -> None:
    """The Python renderer these tests use builds what kustomize builds."""
    output = subprocess.run(
        ["kubectl", "kustomize", str(BUILDS[build])],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    theirs = {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(output) if d}
    ours = {(d["kind"], d["metadata"]["name"]): d for d in RENDERED[build]}
    assert set(theirs) == set(ours)
    for key, doc in ours.items():
        assert theirs[key] == doc, key


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_deployments_have_probes_ports_and_image(build: str, spec: ServiceSpec) -> None:
    compose_image = compose_file()["services"][spec.name]["image"].split(":")[0]
    for role, deployment in deployments_of(RENDERED[build], spec).items():
        pod = deployment["spec"]["template"]["spec"]
        container = app_container(deployment)
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready", role
        assert container["livenessProbe"]["httpGet"]["path"] == "/health", role
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"http": spec.default_port, "metrics": 9090}
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["port"] == "http"
        assert (
            deployment["spec"]["selector"]["matchLabels"].items()
            <= (pod_labels := deployment["spec"]["template"]["metadata"]["labels"]).items()
        )
        assert pod_labels["app.kubernetes.io/name"] == spec.name
        # A pod never migrates: it checks the database serves its code (newer is fine).
        (schema,) = pod["initContainers"]
        assert schema["command"] == [
            "python",
            "deploy/migrate.py",
            spec.name,
            "--check",
            "--wait",
            "600",
        ]
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
        assert pod["automountServiceAccountToken"] is False
        assert pod["serviceAccountName"] == "kelisim"
        keys = {c["topologyKey"] for c in pod["topologySpreadConstraints"]}
        assert keys == {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}
        job = by_kind(RENDERED[build], "Job")[f"{spec.name}-migrate"]
        (migrate,) = job["spec"]["template"]["spec"]["containers"]
        assert migrate["command"] == ["python", "deploy/migrate.py", spec.name]
        for c in (container, schema, migrate):
            # Same image repository as docker-compose.yml, one image per service.
            repository = c["image"].rsplit(":", 1)[0]
            if build == "base":
                assert repository == compose_image == f"kelisim/{spec.name}"
            else:  # the registry is set in one place, the overlay's `images`
                assert repository == f"registry.invalid/kelisim/{spec.name}"
            assert c["image"] == container["image"], "migrations come from the app's own image"


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_containers_get_the_settings_their_service_requires(
    build: str, spec: ServiceSpec, load_settings: LoadSettings
) -> None:
    docs = RENDERED[build]
    clusters = by_kind(docs, "Cluster")
    known = known_env_names(spec)
    job = by_kind(docs, "Job")[f"{spec.name}-migrate"]["spec"]["template"]["spec"]
    schema_checks = [
        d["spec"]["template"]["spec"]["initContainers"][0]
        for d in deployments_of(docs, spec).values()
    ]
    for container in [*job["containers"], *schema_checks]:
        # Migrating and checking the schema read the database URL only: no other secret.
        env, secrets = container_environment(docs, container, SECRET_PLACEHOLDER)
        assert secrets == {f"{spec.name}-db-app"}, container["name"]
        assert_database_url(env[spec.database_env], spec)
        assert env["PGSSLROOTCERT"] == "/etc/kelisim/postgres/ca.crt"
    for role, deployment in deployments_of(docs, spec).items():
        pod = deployment["spec"]["template"]["spec"]
        for container in pod["containers"]:
            env, secrets = container_environment(docs, container, SECRET_PLACEHOLDER)
            for name in env:
                if name.startswith("KELISIM_"):
                    assert name in known, f"{deployment['metadata']['name']}: {name} is no setting"
            assert env["KELISIM_ENVIRONMENT"] == "production"
            settings = load_settings(spec, env)  # production: refuses what is missing
            auth_settings(settings.platform)

            assert_database_url(settings.database_url or "", spec)
            assert settings.metrics_port == 9090 and settings.metrics_host == "0.0.0.0"
            cluster = clusters[f"{spec.name}-db"]
            assert cluster["spec"]["bootstrap"]["initdb"]["database"] == spec.database_name
            assert f"{spec.name}-db-app" in secrets

            platform = settings.platform
            assert platform.kafka_enable_idempotence is True
            assert platform.kafka_acks == "all"
            assert platform.kafka_replication_factor == 3
            assert platform.kafka_bootstrap_servers.startswith("kelisim-kafka-bootstrap:")
            workers = role == "worker"
            assert settings.run_relay is workers
            assert settings.run_consumer is workers
            assert settings.run_tree_builder is workers
            assemble(spec, settings)
            if platform.kafka_security_protocol in ("SSL", "SASL_SSL"):
                assert_tls_files_mounted(docs, container, pod, settings.platform)


def assert_database_url(value: str, spec: ServiceSpec) -> None:
    url = urlsplit(value)
    assert url.scheme == "postgresql+asyncpg"
    assert url.hostname == f"{spec.name}-db-rw", "the CloudNativePG primary"
    assert url.path == f"/{spec.database_name}"
    assert url.query == "ssl=verify-full", "TLS, and the server's certificate checked"


def assert_tls_files_mounted(
    docs: list[dict[str, Any]], container: dict[str, Any], pod: dict[str, Any], platform: Any
) -> None:
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    users = by_kind(docs, "KafkaUser")
    kafka = next(iter(by_kind(docs, "Kafka")))
    for path in (
        platform.kafka_ssl_cafile,
        platform.kafka_ssl_certfile,
        platform.kafka_ssl_keyfile,
    ):
        assert path is not None
        posix = PurePosixPath(str(path))
        volume = volumes[mounts[str(posix.parent)]]
        secret = volume["secret"]["secretName"]
        assert posix.name in {item["path"] for item in volume["secret"]["items"]}
        assert secret in users or secret == f"{kafka}-cluster-ca-cert", secret


@pytest.mark.parametrize("build", BUILDS)
def test_services_autoscalers_and_budgets_point_at_deployments(build: str) -> None:
    docs = RENDERED[build]
    deployments = by_kind(docs, "Deployment")
    hpas = by_kind(docs, "HorizontalPodAutoscaler")
    pdbs = by_kind(docs, "PodDisruptionBudget")
    services = by_kind(docs, "Service")
    for spec in SERVICES:
        for deployment in deployments_of(docs, spec).values():
            name = deployment["metadata"]["name"]
            pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
            hpa = hpas[name]
            assert hpa["spec"]["scaleTargetRef"] == {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": name,
            }
            assert 2 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
            pdb = pdbs[name]
            assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
            # A drain evicts one pod at a time; the others keep serving.
            assert pdb["spec"] == {**pdb["spec"], "maxUnavailable": 1}
            assert "minAvailable" not in pdb["spec"]
            others = [d for n, d in deployments.items() if n != name]
            for other in others:
                other_labels = other["spec"]["template"]["metadata"]["labels"]
                assert not pdb["spec"]["selector"]["matchLabels"].items() <= other_labels.items()
        service = services[spec.name]
        api_labels = deployments[spec.name]["spec"]["template"]["metadata"]["labels"]
        worker_labels = deployments[f"{spec.name}-worker"]["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= api_labels.items()
        assert not service["spec"]["selector"].items() <= worker_labels.items()
        (port,) = service["spec"]["ports"]
        assert port["targetPort"] == "http"


@pytest.mark.parametrize("build", BUILDS)
def test_topics_in_manifests_are_the_topics_in_code(build: str) -> None:
    docs = RENDERED[build]
    topics = list(by_kind(docs, "KafkaTopic").values())
    kafka_names = set(by_kind(docs, "Kafka"))
    events, dead_letters = expected_topics()
    names = [t["spec"]["topicName"] for t in topics]
    assert len(names) == len(set(names))
    assert set(names) == events | dead_letters
    for topic in topics:
        spec = topic["spec"]
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] in kafka_names
        assert spec["replicas"] == 3
        assert spec["config"]["min.insync.replicas"] == 2
        if spec["topicName"] in events:
            assert spec["config"]["retention.ms"] == -1, "event topics keep everything"
            assert spec["config"]["retention.bytes"] == -1

    # Consumers scale with partitions: no more workers than an event topic has partitions.
    partitions = {t["spec"]["partitions"] for t in topics if t["spec"]["topicName"] in events}
    assert len(partitions) == 1, "event topics share one partition count"
    (count,) = partitions
    for spec_ in SERVICES:
        hpa = by_kind(docs, "HorizontalPodAutoscaler")[f"{spec_.name}-worker"]
        assert hpa["spec"]["maxReplicas"] == count


@pytest.mark.parametrize("build", BUILDS)
def test_kafka_cluster_can_hold_three_replicas(build: str) -> None:
    docs = RENDERED[build]
    (kafka,) = by_kind(docs, "Kafka").values()
    pools = [p for p in by_kind(docs, "KafkaNodePool").values() if "broker" in p["spec"]["roles"]]
    assert sum(p["spec"]["replicas"] for p in pools) >= 3
    assert kafka["spec"]["kafka"]["config"]["min.insync.replicas"] == 2
    assert kafka["spec"]["kafka"]["config"]["auto.create.topics.enable"] is False


def test_production_uses_mutual_tls_backups_and_ha_postgres() -> None:
    docs = RENDERED["production"]
    platform = by_kind(docs, "ConfigMap")["kelisim-platform"]["data"]
    assert platform["KELISIM_KAFKA_SECURITY_PROTOCOL"] == "SSL"
    (kafka,) = by_kind(docs, "Kafka").values()
    listeners = kafka["spec"]["kafka"]["listeners"]
    assert [listener["authentication"]["type"] for listener in listeners] == ["tls"]
    users = by_kind(docs, "KafkaUser")
    stores = by_kind(docs, "ObjectStore")
    backups = by_kind(docs, "ScheduledBackup")
    for spec in SERVICES:
        assert users[f"kelisim-{spec.name}"]["spec"]["authentication"]["type"] == "tls"
        cluster = by_kind(docs, "Cluster")[f"{spec.name}-db"]
        assert cluster["spec"]["instances"] == 3
        (plugin,) = cluster["spec"]["plugins"]
        assert plugin["isWALArchiver"] is True
        assert plugin["parameters"]["barmanObjectName"] in stores
        assert plugin["parameters"]["serverName"] == f"{spec.name}-db"
        # A commit waits for one standby: a failover loses nothing already published.
        assert cluster["spec"]["postgresql"]["synchronous"] == {
            "method": "any",
            "number": 1,
            "dataDurability": "required",
        }
        (backup,) = [
            b for b in backups.values() if b["spec"]["cluster"]["name"] == f"{spec.name}-db"
        ]
        assert backup["spec"]["immediate"] is True, "a base backup at once, not the first night"
        store = stores[plugin["parameters"]["barmanObjectName"]]["spec"]["configuration"]
        assert store["data"]["encryption"] == store["wal"]["encryption"] == "AES256"
    assert kafka["spec"]["kafka"]["authorization"] == {"type": "simple"}
    for doc in docs:
        if doc["kind"] == "Namespace":
            assert doc["metadata"]["name"] == "kelisim"
            assert doc["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        else:
            assert doc["metadata"]["namespace"] == "kelisim"


# Keys of the Secrets the operators generate: CloudNativePG's <cluster>-app, Strimzi's KafkaUser
# Secret and its cluster CA.
CNPG_APP_KEYS = {"username", "password", "host", "port", "dbname", "uri", "jdbc-uri", "pgpass"}
CNPG_CA_KEYS = {"ca.crt", "ca.key"}
STRIMZI_USER_KEYS = {"ca.crt", "user.crt", "user.key", "user.p12", "user.password"}
STRIMZI_CA_KEYS = {"ca.crt", "ca.p12", "ca.password"}


@pytest.mark.parametrize("build", BUILDS)
def test_every_secret_read_is_made_by_an_operator_or_documented(build: str) -> None:
    """Secrets not generated in-cluster (CloudNativePG, Strimzi) are created by hand: the
    operations guide must say how, with the keys the Deployments read, under a name no operator
    writes to."""
    docs = RENDERED[build]
    generated = {f"{name}-app": CNPG_APP_KEYS for name in by_kind(docs, "Cluster")}
    generated |= {f"{name}-ca": CNPG_CA_KEYS for name in by_kind(docs, "Cluster")}
    generated |= {name: STRIMZI_USER_KEYS for name in by_kind(docs, "KafkaUser")}
    generated |= {f"{name}-cluster-ca-cert": STRIMZI_CA_KEYS for name in by_kind(docs, "Kafka")}
    guide = OPERATIONS.read_text(encoding="utf-8")
    for name, key in secret_references(docs):
        if name in generated:
            assert key in generated[name], f"{name} is generated, without a key {key}"
            continue
        command = re.search(rf"kubectl[^\n]*create secret generic {re.escape(name)}\b[^`]*", guide)
        assert command is not None, f"docs/operations.md does not say how to create {name}"
        assert key in command.group(0), f"the command creating {name} lacks the key {key}"


def secret_references(docs: list[dict[str, Any]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "secretKeyRef" in node:
                found.add((node["secretKeyRef"]["name"], node["secretKeyRef"]["key"]))
            if "secretName" in node:
                for item in node.get("items", []):
                    found.add((node["secretName"], item["key"]))
            for key in ("accessKeyId", "secretAccessKey"):
                if key in node and isinstance(node[key], dict):
                    found.add((node[key]["name"], node[key]["key"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(docs)
    return found


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_postgres_accepts_every_connection_the_autoscaled_pods_may_open(
    build: str, spec: ServiceSpec, load_settings: LoadSettings
) -> None:
    """Each pod's pool opens up to DB_POOL_SIZE + DB_MAX_OVERFLOW connections."""
    docs = RENDERED[build]
    hpas = by_kind(docs, "HorizontalPodAutoscaler")
    needed = 0
    for deployment in deployments_of(docs, spec).values():
        env, _ = container_environment(docs, app_container(deployment), SECRET_PLACEHOLDER)
        settings = load_settings(spec, env)
        pool = settings.db_pool_size + settings.db_max_overflow
        needed += hpas[deployment["metadata"]["name"]]["spec"]["maxReplicas"] * pool
    cluster = by_kind(docs, "Cluster")[f"{spec.name}-db"]
    allowed = int(cluster["spec"]["postgresql"]["parameters"]["max_connections"])
    reserved = 20  # superuser slots, the operator, replication, a human with psql
    assert needed + reserved <= allowed, f"{spec.name}: {needed} + {reserved} > {allowed}"
