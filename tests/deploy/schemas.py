"""Strict schema validation of the deployment files, as the API server and Compose would see
them: an unknown field is an error (kubectl's default ``--validate=strict``).

- Kubernetes kinds: the strict JSON schemas of ``kubernetes-validate`` (a dev dependency) for
  the lowest and the highest Kubernetes version of ``deploy/versions.yaml``.
- Custom resources (Strimzi, CloudNativePG, the Barman Cloud plugin, the Prometheus Operator):
  the ``openAPIV3Schema`` of each CRD at the release ``deploy/versions.yaml`` pins, made strict
  (``additionalProperties: false`` wherever the CRD lists properties and does not keep unknown
  fields). Where the CRD files come from and where they are looked for: ``schemas/README.md``.
- Compose: the Compose specification's schema as ``check-jsonschema`` (a dev dependency)
  ships it.

    python -m tests.deploy.schemas FILE.yaml...     validate files, print every error
"""

from __future__ import annotations

import copy
import json
import os
import sys
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource

REPO = Path(__file__).resolve().parents[2]
VERSIONS = yaml.safe_load((REPO / "deploy" / "versions.yaml").read_text(encoding="utf-8"))
SCHEMAS = Path(__file__).resolve().parent / "schemas"
CRD_DIRECTORY_ENV = "KELISIM_DEPLOY_CRDS"

Doc = dict[str, Any]


def kubernetes_versions() -> list[str]:
    span = VERSIONS["kubernetes"]
    return [span["minimum"], span["maximum"]]


def crd_directories() -> list[Path]:
    """Where the CRD files are looked for, in order (see schemas/README.md)."""
    found = [SCHEMAS / "crds"]
    if os.environ.get(CRD_DIRECTORY_ENV):
        found.insert(0, Path(os.environ[CRD_DIRECTORY_ENV]))
    for parent in REPO.parents:  # a steering repository's shared/ beside a clone
        found.append(parent / "shared" / "deploy-crds")
    return found


def crd_files() -> list[Path]:
    for directory in crd_directories():
        files = sorted(directory.glob("*.yaml"))
        if files:
            return files
    return []


# ----------------------------------------------------------------------------------------------
# Kubernetes kinds


@cache
def _kubernetes_registry(version: str) -> tuple[Path, Registry]:
    root = resources.files("kubernetes_validate") / "kubernetes-json-schema"
    directory = Path(str(root)) / f"v{version}.0-local-strict"
    if not directory.is_dir():
        raise LookupError(f"kubernetes-validate has no schemas for Kubernetes {version}")
    definitions = json.loads((directory / "_definitions.json").read_text(encoding="utf-8"))
    registry: Registry = Resource.from_contents(definitions) @ Registry()
    return directory, registry


def object_meta_schema() -> Doc:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kubernetes.io/api/object-meta",
        "$ref": "/api/_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    }


def _kubernetes_schema(doc: Doc, version: str) -> tuple[Doc, Registry] | None:
    directory, registry = _kubernetes_registry(version)
    group_version = doc["apiVersion"]
    group, _, api = group_version.rpartition("/")
    suffix = f"{group.split('.')[0]}-{api}" if group else api
    path = directory / f"{doc['kind'].lower()}-{suffix}.json"
    if not path.is_file():
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    return schema, Resource.from_contents(schema) @ registry


# ----------------------------------------------------------------------------------------------
# Custom resources


def strict(schema: Any) -> Any:
    """An openAPIV3Schema as a JSON schema that refuses unknown fields."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: strict(value) for key, value in schema.items()}
    if out.pop("x-kubernetes-int-or-string", False):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if out.pop("nullable", False) and "type" in out:
        out["type"] = [out["type"], "null"]
    keep_unknown = out.pop("x-kubernetes-preserve-unknown-fields", False)
    if "properties" in out and "additionalProperties" not in out and not keep_unknown:
        out["additionalProperties"] = False
    for key in [k for k in out if k.startswith("x-kubernetes-")]:
        del out[key]  # CEL rules and list semantics: the API server's business, not JSON Schema
    return out


@cache
def custom_resource_schemas() -> dict[tuple[str, str], Doc]:
    """(apiVersion, kind) -> strict schema, for every served version of every CRD found."""
    found: dict[tuple[str, str], Doc] = {}
    for path in crd_files():
        for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if not version.get("served", False):
                    continue
                schema = strict(copy.deepcopy(version["schema"]["openAPIV3Schema"]))
                schema["properties"]["metadata"] = {"type": "object"}
                found[(f"{group}/{version['name']}", kind)] = schema
    return found


def custom_resource_kinds() -> set[tuple[str, str]]:
    """(group, kind) of every CRD found, served or not in the version a manifest uses."""
    kinds = set()
    for path in crd_files():
        for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if crd and crd.get("kind") == "CustomResourceDefinition":
                kinds.add((crd["spec"]["group"], crd["spec"]["names"]["kind"]))
    return kinds


# ----------------------------------------------------------------------------------------------
# Validation


def _errors(schema: Doc, doc: Doc, registry: Registry | None = None) -> Iterator[str]:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    kwargs: dict[str, Any] = {"format_checker": cls.FORMAT_CHECKER}
    if registry is not None:
        kwargs["registry"] = registry
    validator = cls(schema, **kwargs)
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in error.absolute_path) or "(root)"
        yield f"{where}: {error.message}"


def validate_object(doc: Doc) -> list[str]:
    """Every schema error of one Kubernetes object; an unknown kind is an error too."""
    name = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
    group = doc["apiVersion"].rpartition("/")[0]
    if "." in group and not group.endswith(".k8s.io"):
        schema = custom_resource_schemas().get((doc["apiVersion"], doc["kind"]))
        if schema is None:
            if (group, doc["kind"]) in custom_resource_kinds():
                return [f"{name}: {doc['apiVersion']} is not served by the pinned CRD"]
            return [f"{name}: no CRD for {doc['apiVersion']} {doc['kind']}"]
        problems = list(_errors(schema, doc))
        version = kubernetes_versions()[0]
        _, registry = _kubernetes_registry(version)
        problems += [
            f"metadata.{p}" for p in _errors(object_meta_schema(), doc["metadata"], registry)
        ]
        return [f"{name}: {p}" for p in problems]
    problems = []
    for version in kubernetes_versions():
        found = _kubernetes_schema(doc, version)
        if found is None:
            problems.append(f"Kubernetes {version} has no {doc['apiVersion']} {doc['kind']}")
            continue
        schema, registry = found
        problems += [f"Kubernetes {version}: {p}" for p in _errors(schema, doc, registry)]
    return [f"{name}: {p}" for p in problems]


@cache
def compose_schema() -> Doc:
    text = (
        resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "compose-spec.json"
    ).read_text(encoding="utf-8")
    schema: Doc = json.loads(text)
    return schema


def validate_compose(data: Doc) -> list[str]:
    return list(_errors(compose_schema(), data))


def main(argv: list[str]) -> int:
    failed = 0
    for name in argv:
        for doc in yaml.safe_load_all(Path(name).read_text(encoding="utf-8")):
            if not doc:
                continue
            problems = validate_compose(doc) if "services" in doc else validate_object(doc)
            for problem in problems:
                sys.stdout.write(f"{name}: {problem}\n")
            failed += bool(problems)
    sys.stdout.write(f"{failed} invalid document(s)\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
