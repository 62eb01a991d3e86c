"""Reading the deployment files the way Docker Compose and kustomize do, without either.

- ``compose_file()`` / ``compose_environment()``: docker-compose.yml with ``${VAR:-default}``
  interpolated from defaults (what ``docker compose up`` uses when the shell sets nothing).
- ``render(directory)``: a kustomization built with the subset of kustomize these manifests use
  (resources, namespace, labels, images, strategic-merge and JSON 6902 patches with targets,
  ConfigMaps generated from files without a name hash).
  ``test_k8s.py`` checks it against ``kubectl kustomize`` where kubectl is installed.
- What the code says: the settings class of each service, the env var of each of its fields,
  and the topics the services publish to and dead-letter into.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from shared.api.server import settings_class
from shared.runtime.catalog import SERVICES, ServiceSpec
from shared.settings import PlatformSettings, topic_of

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
K8S = REPO / "deploy" / "k8s"

Doc = dict[str, Any]


# ----------------------------------------------------------------------------------------------
# The code's side


def service_env_fields(spec: ServiceSpec) -> dict[str, str]:
    """``KELISIM_<SERVICE>_<FIELD>`` -> field name, for every field of the service's settings."""
    cls = settings_class(spec)
    return {
        f"{spec.env_prefix}{name.upper()}": name for name in cls.model_fields if name != "platform"
    }


def platform_env_fields() -> dict[str, str]:
    return {f"KELISIM_{name.upper()}": name for name in PlatformSettings.model_fields}


def known_env_names(spec: ServiceSpec) -> set[str]:
    return set(service_env_fields(spec)) | set(platform_env_fields())


def expected_topics() -> tuple[set[str], set[str]]:
    """(event topics, dead-letter topics) as the services name them."""
    events = {topic_of(spec.name) for spec in SERVICES}
    dead_letters = {settings_class(spec).model_construct().dead_letter_topic for spec in SERVICES}
    return events, dead_letters


# ----------------------------------------------------------------------------------------------
# Compose

_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\}")


def interpolate(value: str, environ: Mapping[str, str] | None = None) -> str:
    """Compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}`` with ``environ``."""
    env = environ or {}

    def replace(match: re.Match[str]) -> str:
        name, kind, argument = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if kind == "-":
            return argument
        raise KeyError(f"${{{name}}} has no default and is not set")

    return _INTERPOLATION.sub(replace, value)


def compose_file(path: Path = COMPOSE) -> Doc:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def compose_environment(service: Doc, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {
        key: interpolate(str(value).lower() if isinstance(value, bool) else str(value), environ)
        for key, value in raw.items()
    }


# ----------------------------------------------------------------------------------------------
# Kustomize (the subset used here)


def load_documents(path: Path) -> list[Doc]:
    """The documents of a YAML file; a YAML alias (``*name``) becomes a copy, as in kustomize."""
    documents = yaml.safe_load_all(path.read_text(encoding="utf-8"))
    return [json.loads(json.dumps(d)) for d in documents if d is not None]


def kustomization(directory: Path) -> Doc:
    doc = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


CLUSTER_SCOPED = frozenset({"Namespace"})


def _generated_config_maps(directory: Path, k: Doc) -> list[Doc]:
    if not k.get("configMapGenerator"):
        return []
    assert k.get("generatorOptions", {}).get("disableNameSuffixHash"), "no name hashes here"
    maps = []
    for generator in k.get("configMapGenerator", []):
        data = {}
        for entry in generator.get("files", []):
            key, _, source = entry.rpartition("=")
            path = directory / (source or entry)
            data[key or path.name] = path.read_text(encoding="utf-8")
        metadata: Doc = {"name": generator["name"]}
        labels = generator.get("options", {}).get("labels")
        if labels:
            metadata["labels"] = dict(labels)
        maps.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": data})
    return maps


def render(directory: Path) -> list[Doc]:
    """The resources ``kubectl kustomize <directory>`` would print (order aside)."""
    k = kustomization(directory)
    docs: list[Doc] = []
    for entry in k.get("resources", []):
        path = directory / entry
        docs.extend(render(path) if path.is_dir() else copy.deepcopy(load_documents(path)))
    docs.extend(_generated_config_maps(directory, k))
    for label in k.get("labels", []):
        for doc in docs:
            doc["metadata"].setdefault("labels", {}).update(label["pairs"])
    for patch in k.get("patches", []):
        _apply_patch(directory, docs, patch)
    if "namespace" in k:
        for doc in docs:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = k["namespace"]
    for image in k.get("images", []):
        for container in iter_containers(docs):
            name, _, _tag = container["image"].partition(":")
            if name == image["name"]:
                new_name = image.get("newName", name)
                tag = image.get("newTag", _tag)
                container["image"] = f"{new_name}:{tag}"
    return docs


def iter_containers(docs: list[Doc]) -> Iterator[Doc]:
    for doc in docs:
        if doc["kind"] in ("Deployment", "Job"):
            spec = doc["spec"]["template"]["spec"]
            yield from spec.get("initContainers", [])
            yield from spec["containers"]


def _matches(doc: Doc, target: Mapping[str, str]) -> bool:
    if "kind" in target and doc["kind"] != target["kind"]:
        return False
    if "group" in target and doc["apiVersion"].split("/")[0] != target["group"]:
        return False
    if "name" in target and not re.fullmatch(target["name"], doc["metadata"]["name"]):
        return False
    if "labelSelector" in target:
        labels = doc["metadata"].get("labels", {})
        for requirement in target["labelSelector"].split(","):
            key, _, value = requirement.partition("=")
            if labels.get(key.strip()) != value.strip():
                return False
    return True


def _apply_patch(directory: Path, docs: list[Doc], patch: Doc) -> None:
    if "path" in patch:
        patches = load_documents(directory / patch["path"])
    else:
        patches = [yaml.safe_load(patch["patch"])]
    target = patch.get("target")
    for body in patches:
        if isinstance(body, list):  # JSON 6902 operations
            assert target is not None, "a JSON 6902 patch needs a target"
            chosen = [d for d in docs if _matches(d, target)]
            assert chosen, f"patch target {target} matches nothing"
            for doc in chosen:
                for operation in body:
                    _json6902(doc, operation)
            continue
        if target is None:
            target = {"kind": body["kind"], "name": re.escape(body["metadata"]["name"])}
            chosen = [d for d in docs if _matches(d, target)]
            target = None
        else:
            chosen = [d for d in docs if _matches(d, target)]
        assert chosen, f"patch {patch} matches nothing"
        for doc in chosen:
            patch_body = {key: value for key, value in body.items() if key != "metadata"}
            _merge(doc, patch_body)


def _merge(into: Doc, patch: Doc) -> None:
    """Strategic merge as these patches need it: maps merge, lists of named maps merge by name."""
    for key, value in patch.items():
        current = into.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _merge(current, value)
        elif (
            isinstance(value, list)
            and isinstance(current, list)
            and all(isinstance(item, dict) and "name" in item for item in [*value, *current])
        ):
            by_name = {item["name"]: item for item in current}
            added = 0
            for item in value:
                if item["name"] in by_name:
                    _merge(by_name[item["name"]], item)
                else:  # kustomize puts new items first, in the patch's order
                    current.insert(added, copy.deepcopy(item))
                    added += 1
        else:
            into[key] = copy.deepcopy(value)


def _json6902(doc: Doc, operation: Doc) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in operation["path"].split("/")[1:]]
    parent: Any = doc
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last = parts[-1]
    key: Any = int(last) if isinstance(parent, list) and last != "-" else last
    op = operation["op"]
    if op == "test":
        assert parent[key] == operation["value"], f"test failed: {operation}"
    elif op == "remove":
        del parent[key]
    elif op == "replace":
        assert key in parent if isinstance(parent, dict) else key < len(parent)
        parent[key] = operation["value"]
    elif op == "add":
        if isinstance(parent, list):
            parent.insert(len(parent) if key == "-" else key, operation["value"])
        else:
            parent[key] = operation["value"]
    else:
        raise AssertionError(f"unsupported JSON 6902 operation {op}")


def by_kind(docs: list[Doc], kind: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def container_environment(
    docs: list[Doc], container: Doc, secret_value: str
) -> tuple[dict[str, str], set[str]]:
    """The env a container gets (ConfigMaps by envFrom, then env; Secrets read as
    ``secret_value``; ``$(VAR)`` expanded), and the names of the Secrets it reads."""
    config_maps = by_kind(docs, "ConfigMap")
    env: dict[str, str] = {}
    secrets: set[str] = set()
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]]["data"])
        else:
            secrets.add(source["secretRef"]["name"])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = re.sub(
                r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: env[m.group(1)], str(item["value"])
            )
            continue
        ref = item["valueFrom"]
        if "secretKeyRef" in ref:
            secrets.add(ref["secretKeyRef"]["name"])
            env[item["name"]] = secret_value
        else:
            config_map = config_maps[ref["configMapKeyRef"]["name"]]
            env[item["name"]] = config_map["data"][ref["configMapKeyRef"]["key"]]
    return env, secrets
