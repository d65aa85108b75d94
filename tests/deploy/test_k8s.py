"""deploy/k8s: every resource valid for the Kubernetes API (its own schemas, offline), every process of
`astratrade up` deployed with probes on the endpoints it serves and with resource requests and limits."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from astratrade.cli import _parser
from astratrade.settings import Settings
from projections.groups import GROUPS
from tests.deploy.kustomize import Resource, build, containers, load

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES = "1.30.0"  # the oldest minor still supported upstream when this was written
BASE = build(K8S / "base")
OVERLAY = build(K8S / "overlays" / "example")
WORKLOADS = ("Deployment", "Job")
# Settings the event bus relay adds (its branch's astratrade/settings.py); checked once it is merged.
PENDING_SETTINGS = {"RELAY_METRICS_PORT"}


def _id(resource: Resource) -> str:
    return f"{resource['kind']}/{resource['metadata']['name']}"


def _deployments(resources: list[Resource]) -> dict[str, Resource]:
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == "Deployment"}


@pytest.mark.parametrize("resource", BASE + OVERLAY, ids=_id)
def test_each_resource_is_valid_for_the_kubernetes_api_when_checked_offline(resource: Resource) -> None:
    kubernetes_validate.validate(resource, KUBERNETES, strict=True)  # raises ValidationError


def test_a_malformed_resource_is_refused_by_the_offline_check() -> None:
    broken = json.loads(json.dumps(_deployments(BASE)["command-api"]))
    broken["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "eight thousand"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)
    broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGett"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)


def test_every_base_file_is_listed_in_the_kustomization_when_built() -> None:
    listed = set(yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in (K8S / "base").glob("*.yaml")} - {"kustomization.yaml"}
    assert len(BASE) == sum(len(load(K8S / "base" / name)) for name in listed)


def test_every_process_of_up_has_a_deployment_when_built() -> None:
    expected = {"command-api", "query-api", "relay", "feed", "jobs"} | {f"worker-{group}" for group in GROUPS}
    assert set(_deployments(BASE)) == expected
    for group in GROUPS:  # each group's process runs that group, and is ready while the group is healthy
        [worker] = containers(_deployments(BASE)[f"worker-{group}"])
        assert worker["args"][:2] == ["worker", group]
        assert worker["readinessProbe"]["exec"]["command"] == ["astratrade", "projections", "status", group]


@pytest.mark.parametrize("resource", [r for r in BASE if r["kind"] in WORKLOADS], ids=_id)
def test_every_container_has_cpu_and_memory_requests_within_its_limits_when_built(resource: Resource) -> None:
    for container in containers(resource):
        resources = container["resources"]
        for kind in ("cpu", "memory"):
            assert _quantity(resources["requests"][kind]) <= _quantity(resources["limits"][kind]), kind


@pytest.mark.parametrize("resource", [r for r in BASE if r["kind"] in WORKLOADS], ids=_id)
def test_every_container_runs_a_valid_cli_command_as_a_non_root_user_when_built(resource: Resource) -> None:
    pod = resource["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
    for container in containers(resource):
        assert container["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
        try:
            _parser().parse_args(container["args"])
        except SystemExit:  # a command the CLI does not have
            if container["args"] == ["relay"]:
                pytest.skip("`astratrade relay` arrives with the event bus branch")
            raise


@pytest.mark.parametrize(("name", "port"), [("command-api", 8000), ("query-api", 8001)])
def test_the_api_probes_use_health_and_ready_on_the_served_port_when_built(name: str, port: int) -> None:
    [container] = containers(_deployments(BASE)[name])
    assert container["ports"] == [{"name": "http", "containerPort": port}]
    assert port == Settings.model_fields[f"{name.replace('-', '_')}_port"].default
    assert (container["livenessProbe"]["httpGet"], container["readinessProbe"]["httpGet"]) == (
        {"path": "/health", "port": "http"},
        {"path": "/ready", "port": "http"},
    )
    served = json.loads((ROOT / "contracts" / "openapi" / f"{name}.json").read_text())["paths"]
    assert {"/health", "/ready", "/metrics"} <= set(served)
    [service] = [r for r in BASE if r["kind"] == "Service" and r["metadata"]["name"] == name]
    assert service["spec"]["ports"][0]["port"] == port


def test_processes_with_a_metrics_port_are_probed_on_it_when_built() -> None:
    config = next(r for r in BASE if r["kind"] == "ConfigMap")["data"]
    for name, setting in (("relay", "RELAY_METRICS_PORT"), ("feed", "FEED_METRICS_PORT")):
        [container] = containers(_deployments(BASE)[name])
        assert container["ports"] == [{"name": "metrics", "containerPort": int(config[setting])}]
        assert container["livenessProbe"]["httpGet"]["port"] == "metrics"


def test_every_configured_variable_is_a_setting_when_built() -> None:
    names = {field.alias or name.upper() for name, field in Settings.model_fields.items()}
    configured = set(next(r for r in OVERLAY if r["kind"] == "ConfigMap")["data"])
    configured |= set(next(r for r in OVERLAY if r["kind"] == "Secret")["data"])
    configured |= {env["name"] for r in BASE for c in containers(r) for env in c.get("env", [])}
    assert configured - names - PENDING_SETTINGS == set()


def test_the_example_secrets_are_refused_in_production_when_left_unchanged() -> None:
    secret = next(r for r in OVERLAY if r["kind"] == "Secret")
    values = {key: base64.b64decode(value).decode() for key, value in secret["data"].items()}
    assert "CHANGE-ME" in values["JWT_SECRET"]
    with pytest.raises(ValueError, match="JWT_SECRET"):
        Settings(ASTRATRADE_ENV="production", **values)  # type: ignore[arg-type]


def test_the_overlay_sets_namespace_image_and_capacity_when_built() -> None:
    deployments = _deployments(OVERLAY)
    assert {r["metadata"].get("namespace") for r in OVERLAY} == {"astratrade"}
    assert {c["image"] for d in deployments.values() for c in containers(d)} == {
        "registry.example.com/astratrade:1.0.0"
    }
    assert deployments["worker-core"]["spec"]["replicas"] == 2
    hpa = next(r for r in OVERLAY if r["kind"] == "HorizontalPodAutoscaler" and r["metadata"]["name"] == "command-api")
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (3, 6)
    config = next(r for r in OVERLAY if r["kind"] == "ConfigMap")["data"]
    assert config["REDIS_URL"].startswith("redis://redis.example.internal") and config["ASTRATRADE_ENV"] == "production"


def _quantity(text: Any) -> float:
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    for unit, factor in units.items():
        if str(text).endswith(unit):
            return float(str(text)[: -len(unit)]) * factor
    return float(text)
