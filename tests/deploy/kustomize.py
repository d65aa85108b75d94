"""A small offline ``kustomize build`` for the features deploy/k8s uses, so the tests check what a cluster
would receive without the kustomize binary: resources, labels, namespace, images, replicas, secretGenerator
(from env files) and strategic-merge patches (maps merged, lists of named items merged by name).
A kustomization using anything else is refused, so a new feature cannot slip past the checks unbuilt."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {
    "apiVersion",
    "kind",
    "namespace",
    "resources",
    "labels",
    "images",
    "replicas",
    "secretGenerator",
    "patches",
}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"}
Resource = dict[str, Any]


def build(directory: Path) -> list[Resource]:
    """The resources ``kustomize build directory`` would print (without generated-name hashes)."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unsupported = set(kustomization) - SUPPORTED
    if unsupported:
        raise ValueError(f"{directory}: kustomize fields the offline build does not know: {sorted(unsupported)}")
    resources: list[Resource] = []
    for entry in kustomization.get("resources", []):
        path = directory / entry
        resources += build(path) if path.is_dir() else load(path)
    resources += [_secret(directory, generator) for generator in kustomization.get("secretGenerator", [])]
    for patch in kustomization.get("patches", []):
        _patch(resources, yaml.safe_load((directory / patch["path"]).read_text()))
    for label in kustomization.get("labels", []):
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
    for change in kustomization.get("replicas", []):
        _named(resources, "Deployment", change["name"])["spec"]["replicas"] = change["count"]
    for image in kustomization.get("images", []):
        _retag(resources, image)
    if "namespace" in kustomization:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = kustomization["namespace"]
    return resources


def load(path: Path) -> list[Resource]:
    return [document for document in yaml.safe_load_all(path.read_text()) if document]


def containers(resource: Resource) -> list[dict[str, Any]]:
    """The containers of a Deployment or a Job."""
    spec = resource.get("spec", {}).get("template", {}).get("spec", {})
    return list(spec.get("containers", []))


def _named(resources: list[Resource], kind: str, name: str) -> Resource:
    matches = [r for r in resources if r["kind"] == kind and r["metadata"]["name"] == name]
    if len(matches) != 1:
        raise ValueError(f"{kind}/{name}: {len(matches)} resources match")
    return matches[0]


def _patch(resources: list[Resource], patch: Resource) -> None:
    target = _named(resources, patch["kind"], patch["metadata"]["name"])
    _merge(target, patch)


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif isinstance(value, list) and isinstance(target.get(key), list) and all("name" in v for v in value):
            for item in value:
                existing = [t for t in target[key] if t.get("name") == item["name"]]
                if existing:
                    _merge(existing[0], item)
                else:
                    target[key].append(item)
        else:
            target[key] = value


def _secret(directory: Path, generator: dict[str, Any]) -> Resource:
    data: dict[str, str] = {}
    for env in generator.get("envs", []):
        for line in (directory / env).read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                data[key] = base64.b64encode(value.encode()).decode()
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": generator["name"]},
        "type": "Opaque",
        "data": data,
    }


def _retag(resources: list[Resource], image: dict[str, str]) -> None:
    for resource in resources:
        for container in containers(resource):
            name = container["image"].split(":", 1)[0]
            if name == image["name"]:
                container["image"] = f"{image.get('newName', name)}:{image['newTag']}"
