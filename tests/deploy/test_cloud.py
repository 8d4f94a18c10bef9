"""Cloud VMs: the user-data each bundle carries for AWS and GCP passes `cloud-init schema`
and shellcheck, and its steps fetch, verify and install a signed bundle here (the cloud's
metadata server, bucket CLI and systemd replaced by stand-ins). The Terraform examples are
tested in test_terraform.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

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
from gptship.deploy.cloud import CLOUDS
from tests.deploy.conftest import CLOUD_TARGET, require_tool, require_unshare

NAME = CLOUD_TARGET.name
SCRIPT = f"/usr/local/sbin/gptship-cloud-{NAME}"
SCHEME = {"aws": "s3", "gcp": "gs"}


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
    trust_key = str(instance.root / "work" / "trust-key.pub")  # install.sh installs it
    assert instance.log("install.args").split() == ["--no-start", "--trust-key", trust_key]
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
    assert instance.log("install.args").split()[:2] == ["--no-start", "--trust-key"]
    assert instance.log("bucket.log") == ""


def test_an_unsigned_bundle_installs_without_a_trust_key(instance: Instance) -> None:
    archive, _ = make_bundle(instance.root, sign=False)
    instance.set("gptship-bundle", str(archive))
    instance.set("gptship-keys", "none")
    result = instance.run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checking the files, not who built them" in result.stdout
    assert instance.log("install.args").split() == ["--no-start"]


@pytest.mark.parametrize("damage", ["changed file", "wrong key", "unsigned", "no trust key"])
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
    if damage != "no trust key":  # a signed bundle whose signature nothing would check
        instance.set("gptship-trust-key", str(public))
    instance.set("gptship-keys", "none")
    result = instance.run()
    assert result.returncode == 1, result.stdout + result.stderr
    expected = {
        "changed file": "files differ from MANIFEST",
        "wrong key": "MANIFEST.sig was not made with the trust key",
        "unsigned": "the bundle is not signed",
        "no trust key": "the bundle is signed, but gptship-trust-key is not set",
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
    ]  # the trust key: install.sh installs it, and the unit passes --trust-key
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
