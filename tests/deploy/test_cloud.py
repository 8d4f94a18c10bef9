"""Cloud VMs: the user-data each bundle carries for AWS and GCP passes `cloud-init schema`
and shellcheck, and its steps fetch, verify and install a signed bundle here (the cloud's
metadata server, bucket CLI and systemd replaced by stand-ins); the Terraform examples
parse, keep the properties the deployment relies on, pass `terraform fmt`, and pass
`terraform validate` where the providers are at hand offline."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from gptship.deploy import bundle, manifest, signing
from gptship.deploy.artifacts import Target
from gptship.deploy.cloud import CLOUDS, write_cloud
from tests.deploy.conftest import require_tool, require_unshare

NAME = "support-bot"
TARGET = Target(NAME, "1.0.0", "cpu", 10**8, port=8123)
SCRIPT = f"/usr/local/sbin/gptship-cloud-{NAME}"
SCHEME = {"aws": "s3", "gcp": "gs"}
PROVIDER = {"aws": "aws", "gcp": "google"}


@pytest.fixture(scope="module")
def deploy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    written = write_cloud(TARGET, out)
    assert all(p.is_file() and p.is_relative_to(out / "deploy") for p in written)
    return out / "deploy"


def user_data(deploy: Path, cloud: str) -> dict[str, Any]:
    path = deploy / f"cloud-init-{cloud}.yaml"
    assert path.read_text().startswith("#cloud-config\n")
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def shellify(commands: list[Any]) -> str:
    """runcmd as cloud-init runs it: one /bin/sh script, strings verbatim, lists quoted."""
    lines = [c if isinstance(c, str) else " ".join(f"'{a}'" for a in c) for c in commands]
    return "#!/bin/sh\n" + "".join(f"{line}\n" for line in lines)


# --- the user-data ----------------------------------------------------------------------------


@pytest.mark.parametrize("cloud", CLOUDS)
def test_cloud_init_schema_accepts_the_user_data(deploy: Path, cloud: str) -> None:
    tool = require_tool("cloud-init", "cloud-init")
    path = deploy / f"cloud-init-{cloud}.yaml"
    result = subprocess.run([tool, "schema", "--config-file", str(path)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0 and "Valid cloud-config" in result.stdout, result.stderr
    assert len(path.read_bytes()) < 16 * 1024  # EC2's limit on user-data


@pytest.mark.parametrize("cloud", CLOUDS)
def test_runcmd_verifies_before_it_installs(deploy: Path, cloud: str) -> None:
    data = user_data(deploy, cloud)
    steps = ["fetch", "verify", "install", "start"]
    assert data["runcmd"] == ["set -eu", *(f"{SCRIPT} {step}" for step in steps)]
    (script,) = data["write_files"]
    assert (script["path"], script["permissions"]) == (SCRIPT, "0755")
    assert {"openssl", "python3-venv"} <= set(data["packages"])
    assert ("awscli" in data["packages"]) == (cloud == "aws")
    text = script["content"]
    assert "name=support-bot\nport=8123\n" in text
    assert "openssl pkeyutl -verify -pubin" in text and "sha256sum --check --strict" in text
    assert ('sh "$work/bundle/install.sh" --no-start') in text
    assert ("IPAddressAllow=35.191.0.0/16 130.211.0.0/22" in text) == (cloud == "gcp")


@pytest.mark.parametrize("cloud", CLOUDS)
def test_the_shell_passes_shellcheck(deploy: Path, cloud: str, tmp_path: Path) -> None:
    shellcheck = require_tool("shellcheck", "shellcheck")
    data = user_data(deploy, cloud)
    script, runcmd = tmp_path / "script.sh", tmp_path / "runcmd.sh"
    script.write_text(data["write_files"][0]["content"])
    runcmd.write_text(shellify(data["runcmd"]))
    for path in (script, runcmd):
        subprocess.run(["sh", "-n", str(path)], check=True)
    result = subprocess.run([shellcheck, "--shell=sh", str(script), str(runcmd)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout


# --- its steps, run here ------------------------------------------------------------------------

_CURL = """#!/bin/sh
# the metadata server: a token, or the file named like the URL's last part, else a 404
echo "$*" >>"$STAND_IN/curl.log"
for url; do :; done
case "$url" in
*/api/token) echo token ;;
*) cat "$STAND_IN/metadata/${url##*/}" 2>/dev/null || exit 22 ;;
esac
"""
_BUCKET = """#!/bin/sh
# aws s3 cp / gcloud storage cp: SCHEME://BUCKET/KEY from the folder bucket/
echo "$*" >>"$STAND_IN/bucket.log"
for arg; do case "$arg" in *://*) source=$arg ;; esac; done
cp "$STAND_IN/bucket/${source#*://}" "$arg"
"""
_SYSTEMCTL = '#!/bin/sh\necho "$*" >>"$STAND_IN/systemctl.log"\n'
STAND_INS = {"curl": _CURL, "aws": _BUCKET, "gcloud": _BUCKET, "systemctl": _SYSTEMCTL}
_INSTALL = 'echo "$@" >"$STAND_IN/install.args"\n'


class Instance:
    """An instance here: curl (the metadata server), aws, gcloud and systemctl on PATH are
    stand-ins, and the bundle's install.sh only records that it ran."""

    def __init__(self, deploy: Path, cloud: str, root: Path) -> None:
        self.cloud, self.root = cloud, root
        data = user_data(deploy, cloud)
        self.script = root / "gptship-cloud.sh"
        self.script.write_text(data["write_files"][0]["content"])
        self.runcmd: list[str] = data["runcmd"]
        assert self.runcmd[-1] == f"{SCRIPT} start"
        for folder in ("bin", "metadata", "bucket"):
            (root / folder).mkdir()
        for tool, text in STAND_INS.items():
            (root / "bin" / tool).write_text(text)
            (root / "bin" / tool).chmod(0o755)

    def set(self, key: str, value: str) -> None:
        (self.root / "metadata" / key).write_text(value)

    def run(self, start: bool = False) -> subprocess.CompletedProcess[str]:
        """runcmd up to install; with start, all of it, in a mount namespace whose /etc is
        a copy (with a gptship group, as install.sh would have made)."""
        script = shellify(self.runcmd if start else self.runcmd[:-1])
        command = ["sh", "-c", script.replace(SCRIPT, f"sh {self.script}")]
        if start:
            etc = self.root / "etc"
            shutil.copytree("/etc", etc, symlinks=True, ignore_dangling_symlinks=True)
            (etc / "gptship").mkdir(exist_ok=True)
            with (etc / "group").open("a") as group:
                group.write("gptship:x:64999:\n")
            mount = f'mount --bind "{etc}" /etc && exec sh -c "$0"'
            command = ["unshare", "-m", "sh", "-c", mount, command[-1]]
        env = {"PATH": f"{self.root / 'bin'}:{os.environ['PATH']}", "STAND_IN": str(self.root),
               "GPTSHIP_CLOUD_WORK": str(self.root / "work")}  # fmt: skip
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)

    def log(self, name: str) -> str:
        path = self.root / name
        return path.read_text() if path.exists() else ""


def make_bundle(root: Path, sign: bool = True) -> tuple[Path, Path]:
    """A small signed bundle archive and the public key that checks it."""
    folder = root / "src" / f"{NAME}-1.0.0"
    (folder / "model").mkdir(parents=True)
    (folder / "model" / "config.json").write_text('{"n_layer": 2}\n')
    (folder / "install.sh").write_text(_INSTALL)
    key = Ed25519PrivateKey.generate()
    private, public = root / "signing-key.pem", root / "signing-key.pub"
    private.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    public.write_bytes(
        key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    text = manifest.write(folder)
    if sign:
        (folder / manifest.SIGNATURE).write_bytes(signing.sign(text, private))
    return bundle.write_archive(folder), public


@pytest.fixture(params=CLOUDS)
def instance(request: pytest.FixtureRequest, deploy: Path, tmp_path: Path) -> Instance:
    for tool, package in (("openssl", "openssl"), ("sha256sum", "coreutils"), ("tar", "tar")):
        require_tool(tool, package)
    return Instance(deploy, request.param, tmp_path)


def test_a_signed_bundle_from_the_bucket_is_verified_and_installed(instance: Instance) -> None:
    archive, public = make_bundle(instance.root)
    scheme = SCHEME[instance.cloud]
    (instance.root / "bucket" / "releases").mkdir()
    shutil.copy(archive, instance.root / "bucket" / "releases" / archive.name)
    shutil.copy(public, instance.root / "bucket" / "releases" / "signing-key.pub")
    (instance.root / "bucket" / "releases" / "keys.json").write_text("{}\n")
    instance.set("gptship-bundle", f"{scheme}://releases/{archive.name}")
    instance.set("gptship-trust-key", f"{scheme}://releases/signing-key.pub")
    instance.set("gptship-keys", f"{scheme}://releases/keys.json")
    result = instance.run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert instance.log("install.args").split() == ["--no-start"]
    assert "verified 2 files against MANIFEST" in result.stdout
    assert (instance.root / "work" / "keys.json").read_text() == "{}\n"
    header = "X-aws-ec2-metadata-token: token" if scheme == "s3" else "Metadata-Flavor: Google"
    assert header in instance.log("curl.log")
    assert f"{scheme}://releases/{archive.name}" in instance.log("bucket.log")


def test_a_bundle_baked_into_the_image_needs_no_bucket(instance: Instance) -> None:
    archive, public = make_bundle(instance.root)
    instance.set("gptship-bundle", str(archive))
    instance.set("gptship-trust-key", str(public))
    instance.set("gptship-keys", "none")
    result = instance.run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the API will answer without a key" in result.stdout
    assert instance.log("install.args").strip() == "--no-start"
    assert instance.log("bucket.log") == ""


@pytest.mark.parametrize("damage", ["changed file", "wrong key", "unsigned"])
def test_nothing_is_installed_from_a_bundle_that_fails_verification(
    instance: Instance, damage: str
) -> None:
    archive, public = make_bundle(instance.root, sign=damage != "unsigned")
    if damage == "changed file":
        folder = instance.root / "src" / f"{NAME}-1.0.0"
        (folder / "model" / "config.json").write_text('{"n_layer": 200}\n')
        archive = bundle.write_archive(folder)
    if damage == "wrong key":
        _, public = make_bundle(instance.root / "other")
    instance.set("gptship-bundle", str(archive))
    instance.set("gptship-trust-key", str(public))
    instance.set("gptship-keys", "none")
    result = instance.run()
    assert result.returncode == 1, result.stdout + result.stderr
    expected = {
        "changed file": "files differ from MANIFEST",
        "wrong key": "MANIFEST.sig was not made with the trust key",
        "unsigned": "the bundle is not signed",
    }[damage]
    assert expected in result.stderr
    assert instance.log("install.args") == ""


def test_fetch_refuses_links_and_missing_settings(instance: Instance) -> None:
    result = instance.run()
    assert result.returncode == 1 and "no bundle: set gptship-bundle" in result.stderr
    archive, _ = make_bundle(instance.root)
    instance.set("gptship-bundle", str(archive))
    result = instance.run()
    assert result.returncode == 1 and "no API keys" in result.stderr
    folder = instance.root / "src" / f"{NAME}-1.0.0"
    (folder / "escape").symlink_to("install.sh")
    instance.set("gptship-bundle", str(bundle.write_archive(folder)))
    instance.set("gptship-keys", "none")
    result = instance.run()
    assert result.returncode == 1 and "holds links or devices" in result.stderr
    assert not (instance.root / "work" / "unpacked" / folder.name).exists()
    assert instance.log("install.args") == ""


# --- the Terraform examples ---------------------------------------------------------------------

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
    assert tfvars == {"name": NAME, "api_port": 8123, "device": "cpu"}
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
    """terraform or tofu; neither comes from the package registries, so none skips."""
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


def test_start_serves_on_every_address_with_the_keys(instance: Instance) -> None:
    require_unshare("-m")  # writes /etc in a private mount namespace
    archive, public = make_bundle(instance.root)
    (instance.root / "keys.json").write_text("{}\n")
    instance.set("gptship-bundle", str(archive))
    instance.set("gptship-trust-key", str(public))
    instance.set("gptship-keys", str(instance.root / "keys.json"))
    result = instance.run(start=True)
    assert result.returncode == 0, result.stdout + result.stderr
    etc = instance.root / "etc"
    settings = etc / "gptship" / f"{NAME}.env"
    assert settings.read_text().splitlines()[1:] == [
        "GPTSHIP_HOST=0.0.0.0",
        "GPTSHIP_PORT=8123",
        f"GPTSHIP_API_KEYS_FILE=/etc/gptship/{NAME}.keys.json",
        f"GPTSHIP_TRUST_KEY=/etc/gptship/{NAME}.trust-key.pub",
    ]
    keys = etc / "gptship" / f"{NAME}.keys.json"
    assert oct(settings.stat().st_mode & 0o777) == oct(keys.stat().st_mode & 0o777) == "0o640"
    assert keys.stat().st_gid == 64999  # the service's group reads it
    assert instance.log("systemctl.log").splitlines() == [
        "daemon-reload",
        f"enable --now gptship-{NAME}.service",
    ]
    drop_in = etc / "systemd" / "system" / f"gptship-{NAME}.service.d" / "google-front-ends.conf"
    assert drop_in.exists() == (instance.cloud == "gcp")
    assert not Path("/etc/gptship", f"{NAME}.env").exists()  # the host's /etc is untouched
