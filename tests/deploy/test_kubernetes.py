"""The Helm chart (src/gptship/deploy/chart/gptship), rendered and linted by Helm's own Go
library (helm-python-sdk). Every manifest is validated against Kubernetes' schemas for the
oldest version the chart supports, 1.27 (and the newest kubernetes-validate knows); the
ServiceMonitor and ScaledObject are validated against models generated from their CRDs.
checkov finds nothing that is not justified in place, the committed chart/rendered/ files
are exactly today's rendering, and the pod's own settings run a real server."""

from __future__ import annotations

import base64
import copy
import importlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from gptship.config import ServerConfig
from gptship.deploy.artifacts import SHUTDOWN_TIMEOUT, Target
from gptship.deploy.kubernetes import BUNDLE_VALUES, CHART, write_chart
from gptship.server.keys import KeyStore, create_key
from tests.deploy.conftest import missing, require_unshare
from tests.server.conftest import GPTSHIP, Server

Doc = dict[str, Any]
ROOT = Path(__file__).parents[2]
RENDERED = CHART.parent / "rendered"
OLDEST = "1.27.0"  # Chart.yaml's kubeVersion
RELEASE = NAMESPACE = "gptship"
# the committed renderings, each with the `helm template` options that make it
VARIANTS = {
    "cpu": (),
    "eks-gpu": ("-f", "values-eks-gpu.yaml"),
    "gke-gpu": ("-f", "values-gke-gpu.yaml"),
    "cpu-keda": ("--set", "autoscaling.mode=keda"),
}
CHECKOV = ".cache/tools/checkov/bin/checkov"  # a venv of its own: its pins clash with ours
CHECKOV_INSTALL = (
    "python3 -m venv .cache/tools/checkov && .cache/tools/checkov/bin/pip install 'checkov>=3.2,<4'"
)


def need(module: str, package: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        missing(f"{module} is not installed: .venv/bin/pip install '{package}'")
        raise


def helm() -> ModuleType:
    return need("helm_python", "helm-python-sdk>=0.2.2,<0.3")


def merge(base: Doc, extra: Doc) -> Doc:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def values_of(options: tuple[str, ...], chart: Path = CHART) -> Doc:
    """The user values `helm template` builds from -f FILE and --set EXPR, in order."""
    values: Doc = {}
    for flag, arg in zip(options[::2], options[1::2], strict=True):
        if flag == "-f":
            extra = yaml.safe_load((chart / arg).read_text())
        else:
            extra = helm().parse_set_string(arg)
        values = merge(values, extra or {})
    return values


def render_text(values: Doc, chart: Path = CHART) -> str:
    """Every manifest, by template file, as `helm template` prints them (less NOTES.txt)."""
    with helm().Chart.load(chart) as loaded:
        out: dict[str, str] = loaded.render(values, name=RELEASE, namespace=NAMESPACE)
    return "".join(
        f"---\n# Source: {path}\n{text.strip()}\n"
        for path, text in sorted(out.items())
        if text.strip() and not path.endswith("NOTES.txt")
    )


def render(values: Doc | None = None, chart: Path = CHART) -> list[Doc]:
    return [d for d in yaml.safe_load_all(render_text(values or {}, chart)) if d]


def one(docs: list[Doc], kind: str) -> Doc:
    found = [d for d in docs if d["kind"] == kind]
    assert len(found) == 1, f"{len(found)} {kind} objects"
    return found[0]


def pod(docs: list[Doc]) -> Doc:
    spec: Doc = one(docs, "Deployment")["spec"]["template"]["spec"]
    return spec


def container(docs: list[Doc]) -> Doc:
    (only,) = pod(docs)["containers"]
    return dict(only)


def env(docs: list[Doc]) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container(docs)["env"]}


def header(options: tuple[str, ...]) -> str:
    chart = CHART.relative_to(ROOT).as_posix()
    pairs = zip(options[::2], options[1::2], strict=True)
    flags = [f"{flag} {chart}/{arg}" if flag == "-f" else f"{flag} {arg}" for flag, arg in pairs]
    command = " ".join(["helm template", RELEASE, chart, "--namespace", NAMESPACE, *flags])
    return (
        f"# {command}\n# (one manifest per template). Do not edit: tests/deploy/test_kubernetes.py"
        " fails when\n# this differs from the chart; GPTSHIP_UPDATE_RENDERED=1 rewrites it.\n"
    )


# --- Helm: lint, and the committed renderings ----------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_chart_lints_clean_for_the_oldest_kubernetes(variant: str) -> None:
    report = helm().lint(
        CHART, values_of(VARIANTS[variant]), strict=True, kube_version=f"v{OLDEST}"
    )
    assert report["errors"] == [], report
    # severity 1 is "info" (only "icon is recommended"); 2 and up are warnings and errors
    assert [m for m in report["messages"] if m["severity"] >= 2] == [], report


def test_the_committed_manifests_are_what_the_chart_renders() -> None:
    update = os.environ.get("GPTSHIP_UPDATE_RENDERED") == "1"
    for variant, options in VARIANTS.items():
        path = RENDERED / f"{variant}.yaml"
        text = header(options) + render_text(values_of(options))
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
        assert path.read_text() == text, f"{path} is stale: rerun with GPTSHIP_UPDATE_RENDERED=1"
    assert sorted(p.name for p in RENDERED.iterdir()) == sorted(f"{v}.yaml" for v in VARIANTS)


# --- schemas ---------------------------------------------------------------------------------


def custom_models() -> dict[tuple[str, str], Any]:
    """Pydantic models that cloudcoil generates from KEDA's and prometheus-operator's CRDs."""
    keda = need("cloudcoil.models.keda.v1alpha1", "cloudcoil-models-keda>=2.16,<3")
    prom = need(
        "cloudcoil.models.prometheus_operator.v1", "cloudcoil-models-prometheus-operator>=0.80,<1"
    )
    return {
        ("keda.sh/v1alpha1", "ScaledObject"): keda.ScaledObject,
        ("monitoring.coreos.com/v1", "ServiceMonitor"): prom.ServiceMonitor,
    }


def validate_custom(doc: Doc, models: dict[tuple[str, str], Any]) -> None:
    """Types are checked by the model; a field the CRD lacks is dropped by it, so a lossless
    round trip is the strict check."""
    parsed = models[doc["apiVersion"], doc["kind"]].model_validate(doc)
    assert parsed.model_dump(by_alias=True, exclude_unset=True, mode="json") == doc


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_manifest_is_valid_for_kubernetes_1_27_and_the_newest(variant: str) -> None:
    validator = need("kubernetes_validate", "kubernetes-validate>=1.31,<2")
    models = custom_models()
    docs = render(values_of(VARIANTS[variant]))
    scaler = "ScaledObject" if variant.endswith("keda") else "HorizontalPodAutoscaler"
    kinds = ["Deployment", "Service", "ServiceAccount", "Secret", "PodDisruptionBudget"]
    kinds += ["NetworkPolicy", "ServiceMonitor", scaler]
    assert sorted(d["kind"] for d in docs) == sorted(kinds)
    for doc in docs:
        if (doc["apiVersion"], doc["kind"]) in models:
            validate_custom(doc, models)
            continue
        for version in (OLDEST, validator.latest_version()):
            validator.validate(doc, version, strict=True)


def test_the_crd_check_refuses_a_field_the_crd_lacks() -> None:
    models = custom_models()
    monitor = one(render(), "ServiceMonitor")
    monitor["spec"]["endpoints"][0]["scrapeEvery"] = "15s"
    with pytest.raises(AssertionError):
        validate_custom(monitor, models)


# --- policy ----------------------------------------------------------------------------------


def checkov() -> str:
    for path in (ROOT / CHECKOV, shutil.which("checkov")):
        if path and Path(path).is_file():
            return str(path)
    missing(f"checkov is not installed: {CHECKOV_INSTALL}")
    raise AssertionError


def test_checkov_finds_nothing_that_is_not_justified_in_place(tmp_path: Path) -> None:
    tool = checkov()
    renders = {variant: values_of(options) for variant, options in VARIANTS.items()}
    renders["pinned"] = {"image": {"digest": "sha256:" + "0" * 64}}
    documents = 0
    for variant, values in renders.items():
        (tmp_path / f"{variant}.yaml").write_text(render_text(values))
        documents += len(render(values))
    environ = {**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "BC_SKIP_MAPPING": "TRUE"}
    result = subprocess.run(
        [tool, "-d", str(tmp_path), "--framework", "kubernetes", "--skip-download", "-o", "json"],
        capture_output=True, text=True, env=environ, timeout=300,
    )  # fmt: skip
    report = json.loads(result.stdout)
    results, summary = report["results"], report["summary"]
    # every document was read, and each Deployment's pod, which checkov checks on its own
    assert summary["resource_count"] == documents + len(renders), summary
    assert results["failed_checks"] == [] and results["parsing_errors"] == [], summary
    # the one justified finding: no image digest by default (the annotation says why)
    for check in results["skipped_checks"]:
        assert check["check_id"] == "CKV_K8S_43", check["check_id"]
        assert "set image.digest" in check["check_result"]["suppress_comment"]
    skipped = sorted(Path(c["file_path"]).stem for c in results["skipped_checks"])
    assert skipped == sorted(VARIANTS)  # and with a digest, nothing to skip: it passes
    passed = {(Path(c["file_path"]).stem, c["check_id"]) for c in results["passed_checks"]}
    assert ("pinned", "CKV_K8S_43") in passed


# --- what the pod does -----------------------------------------------------------------------


def test_the_probes_ask_the_server_what_it_answers() -> None:
    docs = render()
    box = container(docs)
    assert box["startupProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert box["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
    assert box["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert box["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
    assert one(docs, "Service")["spec"]["ports"][0]["targetPort"] == "http"
    # a slow load is not a crash: 10 minutes on CPU, 15 with the GPU presets
    assert box["startupProbe"]["periodSeconds"] * box["startupProbe"]["failureThreshold"] == 600
    gpu = container(render(values_of(VARIANTS["eks-gpu"])))["startupProbe"]
    assert gpu["periodSeconds"] * gpu["failureThreshold"] == 900


def test_the_grace_period_is_the_servers_drain_plus_a_margin() -> None:
    docs = render()
    spec = pod(docs)
    # the server's default drain (as in the systemd unit), said aloud
    assert env(docs)["GPTSHIP_SHUTDOWN_TIMEOUT"] == str(SHUTDOWN_TIMEOUT) == "30"
    assert spec["terminationGracePeriodSeconds"] == 5 + 30 + 15  # preStop + drain + margin
    assert "time.sleep(5)" in container(docs)["lifecycle"]["preStop"]["exec"]["command"][-1]

    docs = render({"server": {"shutdownTimeout": 120}, "drain": {"preStopSleep": 0}})
    spec = pod(docs)
    assert env(docs)["GPTSHIP_SHUTDOWN_TIMEOUT"] == "120"
    assert spec["terminationGracePeriodSeconds"] == 120 + 15
    assert "lifecycle" not in container(docs)


GPU_TOLERATION = {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}


def test_a_gpu_is_asked_for_only_on_cuda() -> None:
    assert "nvidia.com/gpu" not in render_text({})
    assert env(render())["GPTSHIP_DEVICE"] == "cpu"
    for variant, selector in [
        ("eks-gpu", {"node.kubernetes.io/instance-type": "g6.xlarge"}),
        ("gke-gpu", {"cloud.google.com/gke-accelerator": "nvidia-l4"}),
    ]:
        docs = render(values_of(VARIANTS[variant]))
        spec = pod(docs)
        assert container(docs)["resources"]["limits"]["nvidia.com/gpu"] == 1
        assert env(docs)["GPTSHIP_DEVICE"] == "cuda"
        assert spec["nodeSelector"] == selector
        assert GPU_TOLERATION in spec["tolerations"]
    gke = env(render(values_of(VARIANTS["gke-gpu"])))
    assert gke["LD_LIBRARY_PATH"] == "/usr/local/nvidia/lib64"  # where GKE mounts libcuda


def test_the_pod_is_locked_down() -> None:
    docs = render()
    spec = pod(docs)
    box = container(docs)
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] >= 10000
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert spec["automountServiceAccountToken"] is False
    assert one(docs, "ServiceAccount")["automountServiceAccountToken"] is False
    context = box["securityContext"]
    assert context["allowPrivilegeEscalation"] is False
    assert context["readOnlyRootFilesystem"] is True
    assert context["capabilities"] == {"drop": ["ALL"]}
    assert context["seccompProfile"] == {"type": "RuntimeDefault"}
    # the only writable place is /tmp, an emptyDir; HOME points there for torch's caches
    writable = [m["mountPath"] for m in box["volumeMounts"] if not m.get("readOnly")]
    assert writable == ["/tmp"] and env(docs)["HOME"] == "/tmp"
    assert {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}} in spec["volumes"]
    resources = box["resources"]
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def test_it_serves_the_images_model_or_a_read_only_volume() -> None:
    # the image of `gptship build --image`: the model and the bundle's settings under /srv
    assert container(render())["command"] == [
        "gptship", "serve", "/srv/model", "--config", "/srv/gptship.yaml"
    ]  # fmt: skip
    claim = {"persistentVolumeClaim": {"claimName": "models", "readOnly": True}}
    docs = render({"model": {"path": "/models/bot", "config": "", "volume": claim}})
    box = container(docs)
    assert box["command"] == ["gptship", "serve", "/models/bot"]  # a bundle's own settings
    mount = next(m for m in box["volumeMounts"] if m["name"] == "model")
    assert mount == {"name": "model", "mountPath": "/models/bot", "readOnly": True}
    volumes = pod(docs)["volumes"]
    assert {"name": "model", **claim} in volumes


def test_it_scales_on_queue_depth_by_hpa_or_keda_never_both() -> None:
    docs = render()
    metric = one(docs, "HorizontalPodAutoscaler")["spec"]["metrics"][0]
    assert metric["type"] == "Pods"
    assert metric["pods"]["metric"]["name"] == "gptship_requests_waiting"
    assert metric["pods"]["target"] == {"type": "AverageValue", "averageValue": "4"}
    assert "replicas" not in one(docs, "Deployment")["spec"]  # the autoscaler owns it

    docs = render(values_of(VARIANTS["cpu-keda"]))
    assert not [d for d in docs if d["kind"] == "HorizontalPodAutoscaler"]
    scaled = one(docs, "ScaledObject")["spec"]
    assert scaled["scaleTargetRef"] == {"name": RELEASE}
    (trigger,) = scaled["triggers"]
    assert trigger["type"] == "prometheus" and trigger["metadata"]["threshold"] == "4"
    assert trigger["metadata"]["query"] == (
        f'sum(gptship_requests_waiting{{namespace="{NAMESPACE}", service="{RELEASE}"}})'
    )

    docs = render({"autoscaling": {"mode": "none"}, "replicaCount": 3})
    assert {d["kind"] for d in docs}.isdisjoint({"HorizontalPodAutoscaler", "ScaledObject"})
    assert one(docs, "Deployment")["spec"]["replicas"] == 3


def test_the_network_policy_admits_the_api_port_and_lets_nothing_out() -> None:
    docs = render()
    policy = one(docs, "NetworkPolicy")["spec"]
    assert policy["podSelector"] == one(docs, "Deployment")["spec"]["selector"]
    assert policy["policyTypes"] == ["Ingress", "Egress"] and policy["egress"] == []
    (rule,) = policy["ingress"]
    assert rule["ports"] == [{"port": 8000, "protocol": "TCP"}]
    namespaces = {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}
    assert rule["from"] == [{"podSelector": {}}, {"namespaceSelector": namespaces}]
    # no peers at all must mean no ingress, never a rule with an empty `from` (everyone)
    closed = render({"networkPolicy": {"clients": [], "monitoring": []}})
    assert one(closed, "NetworkPolicy")["spec"]["ingress"] == []


def test_the_disruption_budget_lets_a_drain_take_one_pod() -> None:
    docs = render()
    budget = one(docs, "PodDisruptionBudget")["spec"]
    assert budget["selector"] == one(docs, "Deployment")["spec"]["selector"]
    assert budget["maxUnavailable"] == 1
    assert budget["unhealthyPodEvictionPolicy"] == "AlwaysAllow"


def test_the_default_key_file_locks_the_api(tmp_path: Path) -> None:
    docs = render()
    secret = one(docs, "Secret")
    (tmp_path / "keys.json").write_bytes(base64.b64decode(secret["data"]["keys.json"]))
    store = KeyStore.load(file=tmp_path / "keys.json", environ={})
    assert store.enabled and store.verify("any key") is None  # fail closed
    assert env(docs)["GPTSHIP_API_KEYS_FILE"] == "/etc/gptship/keys/keys.json"

    docs = render({"apiKeys": {"existingSecret": "bot-keys", "secretKey": "k.json"}})
    assert not [d for d in docs if d["kind"] == "Secret"]
    volumes = pod(docs)["volumes"]
    assert {"name": "api-keys", "secret": {"secretName": "bot-keys", "defaultMode": 0o440}} in (
        volumes
    )
    assert env(docs)["GPTSHIP_API_KEYS_FILE"] == "/etc/gptship/keys/k.json"


def test_the_servers_settings_come_from_the_environment_the_pod_sets() -> None:
    settings = env(render({"server": {"servedModelName": "support-bot"}}))
    config = ServerConfig.resolve({"model": "/srv/model"}, settings)
    assert (config.host, config.port, config.engine.device) == ("0.0.0.0", 8000, "cpu")
    assert config.shutdown_timeout == 30.0 and config.metrics_public is True
    assert config.served_model_name == "support-bot"
    assert config.api_keys_file == "/etc/gptship/keys/keys.json"


def test_values_that_cannot_work_fail_the_render_naming_the_value() -> None:
    error = helm().HelmRenderError
    with pytest.raises(error, match="device"):
        render({"device": "tpu"})
    with pytest.raises(error, match=r"autoscaling\.mode"):
        render({"autoscaling": {"mode": "vpa"}})
    with pytest.raises(error, match="bearerTokenSecret"):
        render({"metrics": {"public": False}})
    secured = {"metrics": {"public": False, "serviceMonitor": {"bearerTokenSecret": {
        "name": "scrape-key", "key": "key"}}}}  # fmt: skip
    endpoint = one(render(secured), "ServiceMonitor")["spec"]["endpoints"][0]
    assert endpoint["authorization"]["credentials"] == {"name": "scrape-key", "key": "key"}


# --- the chart in a bundle -------------------------------------------------------------------


def test_write_chart_gives_a_bundle_its_own_chart(tmp_path: Path) -> None:
    files = write_chart(Target("support-bot", "1.0.0", "cuda", 1 << 20), tmp_path)
    chart = tmp_path / "deploy" / "helm" / "gptship"
    assert chart / BUNDLE_VALUES in files and chart / "templates" / "deployment.yaml" in files
    assert 'appVersion: "1.0.0"' in (chart / "Chart.yaml").read_text()
    # a preset, then the bundle's values, with the registry it was pushed to
    values = merge(values_of(("-f", "values-eks-gpu.yaml", "-f", BUNDLE_VALUES), chart),
                   {"image": {"registry": "registry.example/team"}})  # fmt: skip
    docs = render(values, chart)
    assert container(docs)["image"] == "registry.example/team/gptship-support-bot:1.0.0"
    assert container(docs)["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert one(docs, "Deployment")["metadata"]["labels"]["app.kubernetes.io/version"] == "1.0.0"


# --- the pod's settings on a real server ----------------------------------------------------


def test_the_pods_settings_serve_on_a_read_only_root(chat_model: Path, tmp_path: Path) -> None:
    """The container's environment and key file, on a root filesystem remounted read-only with
    one writable tmpfs (the pod's /tmp): the probes' endpoints and /metrics answer without a
    key, the API only with the key from the Secret, and SIGTERM drains to exit 0."""
    require_unshare("-m")  # a read-only root for one process
    key_file = tmp_path / "made" / "keys.json"
    key = create_key(key_file, "portal")
    docs = render({"apiKeys": {"keysFile": key_file.read_text()}})
    keys = tmp_path / "secret" / "keys.json"
    keys.parent.mkdir()
    keys.write_bytes(base64.b64decode(one(docs, "Secret")["data"]["keys.json"]))
    writable = tmp_path / "tmp"
    writable.mkdir()
    pod_env = env(docs) | {
        "GPTSHIP_HOST": "127.0.0.1",  # not 0.0.0.0: the test machine's interfaces stay closed
        "GPTSHIP_API_KEYS_FILE": str(keys),
        "HOME": str(writable),
        "TMPDIR": str(writable),  # the pod's /tmp
    }
    wrapper = tmp_path / "gptship-read-only"
    steps = [
        "mount --make-rprivate /",
        f"mount -t tmpfs -o size=256m tmpfs {writable}",
        "mount -o remount,bind,ro /",
        f"test ! -w {tmp_path}",  # the root filesystem, tmp_path included, refuses writes
        'exec "$@"',
    ]
    wrapper.write_text(
        f"#!/bin/sh\nexec unshare -m sh -ec '{'; '.join(steps)}' sh {GPTSHIP} \"$@\"\n"
    )
    wrapper.chmod(0o755)
    server = Server(chat_model, env=pod_env, gptship=wrapper)
    try:
        for path in ("/health", "/ready"):
            assert httpx.get(server.url + path, timeout=5).status_code == 200
        metrics = httpx.get(server.url + "/metrics", timeout=5)
        assert metrics.status_code == 200 and "gptship_requests_waiting " in metrics.text
        assert httpx.get(server.url + "/v1/models", timeout=5).status_code == 401
        auth = {"Authorization": f"Bearer {key}"}
        assert httpx.get(server.url + "/v1/models", headers=auth, timeout=5).status_code == 200
    finally:
        code = server.stop()
    assert code == 0, server.log
