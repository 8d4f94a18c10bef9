"""Cloud VMs, the Terraform examples: they parse, keep the properties the deployment relies
on (only the API port open, scaling on load, a health check on /ready), pass `terraform
fmt`, and pass `terraform validate` where the providers are at hand offline."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import hcl2
import pytest

from gptship.deploy.cloud import CLOUDS
from tests.deploy.conftest import CLOUD_TARGET

PROVIDER = {"aws": "aws", "gcp": "google"}

HCL = hcl2.SerializationOptions(
    strip_string_quotes=True, explicit_blocks=False, with_comments=False
)


def terraform(deploy: Path, cloud: str) -> dict[str, list[Any]]:
    """Every .tf file of an example, parsed and merged: {"resource": [...], ...}."""
    merged: dict[str, list[Any]] = {}
    for path in sorted((deploy / "terraform" / cloud).glob("*.tf")):
        for key, blocks in hcl2.loads(path.read_text(), serialization_options=HCL).items():
            merged.setdefault(key, []).extend(blocks)
    return merged


def resources(tf: dict[str, list[Any]], type_: str) -> dict[str, dict[str, Any]]:
    """{name: body} of every resource of one type."""
    return {name: body for block in tf["resource"] for t, named in block.items()
            if t == type_ for name, body in named.items()}  # fmt: skip


def block(value: Any) -> Any:
    """A nested block: hcl2 gives a list of one."""
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("cloud", CLOUDS)
def test_terraform_parses_and_every_reference_is_declared(deploy: Path, cloud: str) -> None:
    tf = terraform(deploy, cloud)
    text = "\n".join(p.read_text() for p in (deploy / "terraform" / cloud).glob("*.tf"))
    variables = {name for v in tf["variable"] for name in v}
    local_names = {name for group in tf["locals"] for name in group}
    things = {f"{t}.{n}" for kind in ("resource", "data") for b in tf.get(kind, [])
              for t, named in b.items() for n in named}  # fmt: skip
    assert set(re.findall(r"\bvar\.(\w+)", text)) <= variables
    assert set(re.findall(r"\blocal\.(\w+)", text)) <= local_names
    prefix = PROVIDER[cloud]
    assert set(re.findall(rf"\b({prefix}_\w+\.\w+)\.", text)) <= things
    tfvars = hcl2.loads((deploy / "terraform" / cloud / "gptship.auto.tfvars").read_text(),
                        serialization_options=HCL)  # fmt: skip
    assert tfvars == {"name": CLOUD_TARGET.name, "api_port": CLOUD_TARGET.port, "device": "cpu"}
    assert set(tfvars) <= variables
    (required,) = block(tf["terraform"])["required_providers"]
    assert required[prefix]["version"] == {"aws": "~> 5.100", "gcp": "~> 6.50"}[cloud]


def test_aws_opens_only_the_api_port_and_only_to_the_load_balancer(deploy: Path) -> None:
    tf = terraform(deploy, "aws")
    assert all("ingress" not in sg for sg in resources(tf, "aws_security_group").values())
    rules = resources(tf, "aws_vpc_security_group_ingress_rule").values()
    instances = "${aws_security_group.instances.id}"
    to_instances = [r for r in rules if r["security_group_id"] == instances]
    assert len(to_instances) == 2
    for rule in to_instances:
        assert rule["from_port"] == rule["to_port"] == "${var.api_port}"
    sources = {r.get("referenced_security_group_id", r.get("for_each")) for r in to_instances}
    assert sources == {"${aws_security_group.lb.id}", "${toset(var.api_cidrs)}"}
    (listener,) = [r for r in rules if r not in to_instances]
    assert listener["for_each"] == "${toset(var.client_cidrs)}"
    assert listener["from_port"] == "${local.listener_port}"
    assert not [r for r in rules if 22 in (r["from_port"], r["to_port"])]  # no SSH at all


def test_aws_scales_on_requests_per_instance_and_checks_ready(deploy: Path) -> None:
    tf = terraform(deploy, "aws")
    check = block(resources(tf, "aws_lb_target_group")["api"]["health_check"])
    assert (check["path"], check["matcher"]) == ("/ready", "200")
    group = resources(tf, "aws_autoscaling_group")["api"]
    assert group["min_size"] == "${var.min_instances}"
    assert group["max_size"] == "${var.max_instances}"
    assert group["health_check_type"] == "ELB"
    assert group["target_group_arns"] == ["${aws_lb_target_group.api.arn}"]
    policy = resources(tf, "aws_autoscaling_policy")["requests"]
    tracking = block(policy["target_tracking_configuration"])
    metric = block(tracking["predefined_metric_specification"])
    assert policy["policy_type"] == "TargetTrackingScaling"
    assert metric["predefined_metric_type"] == "ALBRequestCountPerTarget"
    assert tracking["target_value"] == "${var.requests_per_instance}"
    template = resources(tf, "aws_launch_template")["api"]
    assert "/../../cloud-init-aws.yaml" in template["user_data"]
    options = block(template["metadata_options"])
    assert (options["http_tokens"], options["instance_metadata_tags"]) == ("required", "enabled")
    tags = block(template["tag_specifications"])["tags"]
    assert tags["gptship-bundle"] == "${var.bundle_uri}"


def test_gcp_opens_only_the_api_port_to_google_front_ends(deploy: Path) -> None:
    tf = terraform(deploy, "gcp")
    (rule,) = resources(tf, "google_compute_firewall").values()
    assert rule["direction"] == "INGRESS"
    assert rule["allow"] == [{"protocol": "tcp", "ports": ["${tostring(var.api_port)}"]}]
    assert rule["source_ranges"] == "${concat(local.google_front_ends, var.api_cidrs)}"
    (local_names,) = [group for group in tf["locals"] if "google_front_ends" in group]
    assert local_names["google_front_ends"] == ["35.191.0.0/16", "130.211.0.0/22"]
    assert resources(tf, "google_compute_network")["api"]["auto_create_subnetworks"] is False
    template = resources(tf, "google_compute_instance_template")["api"]
    assert "access_config" not in block(template["network_interface"])  # no public address
    text = "".join(p.read_text() for p in (deploy / "terraform" / "gcp").glob("*.tf"))
    assert "0.0.0.0/0" not in text


def test_gcp_scales_on_load_balancer_use_and_checks_ready(deploy: Path) -> None:
    tf = terraform(deploy, "gcp")
    check = block(resources(tf, "google_compute_health_check")["api"]["http_health_check"])
    assert (check["request_path"], check["port"]) == ("/ready", "${var.api_port}")
    ready = "${google_compute_health_check.api.id}"
    backend = resources(tf, "google_compute_backend_service")["api"]
    assert backend["health_checks"] == [ready]
    assert block(backend["backend"])["balancing_mode"] == "RATE"
    group = resources(tf, "google_compute_region_instance_group_manager")["api"]
    assert block(group["auto_healing_policies"])["health_check"] == ready
    policy = block(resources(tf, "google_compute_region_autoscaler")["api"]["autoscaling_policy"])
    assert policy["min_replicas"] == "${var.min_instances}"
    assert policy["max_replicas"] == "${var.max_instances}"
    assert block(policy["load_balancing_utilization"])["target"] == 0.8
    metadata = resources(tf, "google_compute_instance_template")["api"]["metadata"]
    assert "/../../cloud-init-gcp.yaml" in metadata["user-data"]
    assert metadata["gptship-bundle"] == "${var.bundle_uri}"


def terraform_binary() -> str:
    """terraform or tofu. Neither comes from the package registries CI reaches, so a machine
    without one skips these tests, even under CI."""
    binary = shutil.which("terraform") or shutil.which("tofu")
    if binary is None:
        pytest.skip("neither terraform nor tofu is installed")
    assert binary is not None
    return binary


def run_terraform(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Offline: no version check with HashiCorp, no CLI configuration of this host."""
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1",
           "TF_CLI_CONFIG_FILE": os.devnull}  # fmt: skip
    command = [terraform_binary(), *args, "-no-color"]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_terraform_fmt_has_nothing_to_change(deploy: Path) -> None:
    result = run_terraform("fmt", "-check", "-recursive", "-diff", cwd=deploy / "terraform")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("cloud", CLOUDS)
def test_terraform_validate(deploy: Path, cloud: str, tmp_path: Path) -> None:
    """Needs the provider on disk (`terraform providers mirror DIR` on a connected machine),
    named by GPTSHIP_TERRAFORM_PLUGIN_DIR: `init -plugin-dir` never downloads."""
    plugins = Path(os.environ.get("GPTSHIP_TERRAFORM_PLUGIN_DIR") or "no-plugin-dir-given")
    if not any(plugins.glob(f"*/hashicorp/{PROVIDER[cloud]}/*")):
        pytest.skip(f"no {PROVIDER[cloud]} provider in GPTSHIP_TERRAFORM_PLUGIN_DIR")
    shutil.copytree(deploy, tmp_path / "deploy")
    folder = tmp_path / "deploy" / "terraform" / cloud
    init = run_terraform("init", f"-plugin-dir={plugins}", "-backend=false", "-input=false",
                         cwd=folder)  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    result = run_terraform("validate", cwd=folder)
    assert result.returncode == 0 and "Success!" in result.stdout, result.stdout + result.stderr
