"""`gptship build` / `verify` / `serve BUNDLE`: a bundle holds what it says, is checked file by
file (and by signature), and a server refuses one that changed, naming the file."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from click.testing import Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.deploy.conftest import missing, require_tool
from tests.server.conftest import GPTSHIP, Server

Cli = Callable[..., Result]


def build(cli: Cli, model: Path, out: Path, *args: object) -> Path:
    result = cli("build", model, "--out", out, "--name", "support-bot", *args)
    assert result.exit_code == 0, result.output
    return out


def assert_refused(result: Result, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in " ".join(result.output.split()), result.output


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two ed25519 key pairs as OpenSSL writes them (PKCS#8 and SubjectPublicKeyInfo PEM)."""
    root = tmp_path_factory.mktemp("keys")
    paths = {}
    for name in ("ours", "theirs"):
        key = Ed25519PrivateKey.generate()
        paths[name] = root / f"{name}.pem"
        paths[name].write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        paths[f"{name}.pub"] = root / f"{name}.pub"
        paths[f"{name}.pub"].write_bytes(
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    return paths


def test_a_bundle_holds_the_model_settings_locked_versions_and_checksums(
    cli: Cli, chat_model: Path, tmp_path: Path
) -> None:
    model = tmp_path / "model"
    shutil.copytree(chat_model, model)
    (model / ".train").mkdir()  # a training run's checkpoints stay behind
    (model / ".train" / "checkpoint.pt").write_bytes(b"\x80\x04")
    bundle = build(cli, model, tmp_path / "bundle", "--version", "1.2.0")
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    model_files = {f"model/{p.name}" for p in model.iterdir() if p.is_file()}
    deploy = {"install.sh", "Dockerfile", "compose.yaml", "deploy/gptship-support-bot.service"}
    deploy |= {"deploy/cloud-init-aws.yaml", "deploy/cloud-init-gcp.yaml"}
    chart = {n for n in names if n.startswith("deploy/helm/gptship/")}
    terraform = {n for n in names if n.startswith("deploy/terraform/")}
    assert {"deploy/helm/gptship/Chart.yaml", "deploy/helm/gptship/values-bundle.yaml"} <= chart
    assert {"deploy/terraform/aws/main.tf", "deploy/terraform/gcp/main.tf"} <= terraform
    assert names == {"MANIFEST", "bundle.json", "gptship.yaml", "requirements.lock"} | (
        model_files | deploy | chart | terraform
    )
    assert os.access(bundle / "install.sh", os.X_OK)
    info = json.loads((bundle / "bundle.json").read_text())
    assert (info["name"], info["version"], info["device"]) == ("support-bot", "1.2.0", "cpu")
    assert info["model"]["architecture"] == "LlamaForCausalLM"
    lock = (bundle / "requirements.lock").read_text().splitlines()
    pins = [line for line in lock if not line.startswith("#")]
    assert all("==" in line for line in pins)
    assert any(line.startswith("torch==2.13.0") for line in pins)
    for name in ("gptship==0.1.0", "fastapi==", "cryptography==", "tokenizers=="):
        assert any(line.startswith(name) for line in pins), name
    # coreutils alone can check a bundle
    check = subprocess.run(["sha256sum", "--check", "--strict", "MANIFEST"], cwd=bundle,
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == len(names) - 1
    assert (tmp_path / "bundle.tar.gz").is_file()
    result = cli("verify", tmp_path / "bundle.tar.gz")
    assert result.exit_code == 0 and f"{len(names) - 1} files match" in result.output


def test_the_installer_is_clean_shell_with_a_usage(
    cli: Cli, chat_model: Path, tmp_path: Path
) -> None:
    bundle = build(cli, chat_model, tmp_path / "bundle")
    script = str(bundle / "install.sh")
    lint = subprocess.run([require_tool("shellcheck", "shellcheck"), "-s", "sh", script],
                          capture_output=True, text=True)  # fmt: skip
    assert lint.returncode == 0, lint.stdout
    usage = subprocess.run(["sh", script, "--help"], capture_output=True, text=True)
    assert usage.returncode == 0 and usage.stdout.startswith("Install the gptship bundle")
    assert "--no-service" in usage.stdout and "set -eu" not in usage.stdout
    wrong = subprocess.run(["sh", script, "--bogus"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "unknown option '--bogus'" in wrong.stderr


def test_verify_names_every_file_that_changed(cli: Cli, chat_model: Path, tmp_path: Path) -> None:
    bundle = build(cli, chat_model, tmp_path / "bundle")
    assert cli("verify", bundle).exit_code == 0
    weights = bundle / "model" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1  # one flipped bit in the weights
    weights.write_bytes(bytes(data))
    (bundle / "model" / "tokenizer.json").unlink()
    (bundle / "model" / "extra.py").write_text("import os\n")
    assert_refused(
        cli("verify", bundle),
        "model/model.safetensors: changed since the bundle was built",
        "model/tokenizer.json: missing",
        "model/extra.py: not in the MANIFEST",
        "Do not serve it",
    )
    (bundle / "model" / "extra.py").unlink()
    (bundle / "model" / "tokenizer.json").symlink_to(chat_model / "tokenizer.json")
    assert_refused(cli("verify", bundle), "tokenizer.json: not a regular file")


def test_verify_names_a_file_its_user_cannot_read(cli: Cli, chat_model: Path) -> None:
    """A bundle copied with its builder's 0600 files, checked by a service user: one line
    naming the file and the fix, no traceback."""
    require_tool("setpriv", "util-linux")
    if os.geteuid() != 0:
        missing("checking a bundle as another user needs root")
    shared = Path(tempfile.mkdtemp())  # outside pytest's 0700 folders: `nobody` can enter
    try:
        shared.chmod(0o755)
        bundle = build(cli, chat_model, shared / "bundle")
        for path in (bundle, *bundle.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (bundle / "model" / "config.json").chmod(0o600)
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        result = subprocess.run([*as_nobody, GPTSHIP, "verify", bundle], capture_output=True,
                                text=True, timeout=120)  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        said = " ".join(result.stderr.split())
        assert "model/config.json: cannot be read by this user" in said and "chmod" in said
    finally:
        shutil.rmtree(shared)


def test_signed_bundles_check_against_the_trusted_key_only(
    cli: Cli, chat_model: Path, tmp_path: Path, keys: dict[str, Path]
) -> None:
    bundle = build(cli, chat_model, tmp_path / "signed", "--sign-key", keys["ours"])
    archive = tmp_path / "signed.tar.gz"
    # OpenSSL alone checks it too (docs/deploy/onprem.md: before gptship is installed)
    openssl = [require_tool("openssl", "openssl"), "pkeyutl", "-verify", "-pubin", "-rawin"]
    openssl += ["-inkey", str(keys["ours.pub"]), "-in", "MANIFEST", "-sigfile", "MANIFEST.sig"]
    checked = subprocess.run(openssl, cwd=bundle, capture_output=True, text=True)
    assert checked.returncode == 0 and "Verified Successfully" in checked.stdout, checked.stderr
    for target in (bundle, archive):
        ok = cli("verify", target, "--trust-key", keys["ours.pub"])
        assert ok.exit_code == 0 and "signature checked" in ok.output, ok.output
        assert_refused(cli("verify", target, "--trust-key", keys["theirs.pub"]),
                       "the signature does not match")  # fmt: skip
    # an attacker who changes a file and rewrites the MANIFEST still fails the signature
    (bundle / "gptship.yaml").write_text("host: 0.0.0.0\n")
    lines = (bundle / "MANIFEST").read_text().splitlines()
    digest = subprocess.run(["sha256sum", "gptship.yaml"], cwd=bundle, capture_output=True,
                            text=True, check=True).stdout.split()[0]  # fmt: skip
    lines = [f"{digest}  gptship.yaml" if x.endswith("  gptship.yaml") else x for x in lines]
    (bundle / "MANIFEST").write_text("\n".join(lines) + "\n")
    assert cli("verify", bundle).exit_code == 0  # hashes alone cannot tell
    assert_refused(cli("verify", bundle, "--trust-key", keys["ours.pub"]),
                   "the signature does not match")  # fmt: skip
    unsigned = build(cli, chat_model, tmp_path / "unsigned")
    assert_refused(cli("verify", unsigned, "--trust-key", keys["ours.pub"]), "not signed")
    assert_refused(cli("build", chat_model, "--out", tmp_path / "x", "--sign-key",
                       keys["ours.pub"]), "not an unencrypted PEM private key")  # fmt: skip
    assert not (tmp_path / "x").exists() and not list(tmp_path.glob(".x*"))


def test_archives_are_reproducible_and_checked_without_extracting(
    cli: Cli, chat_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(cli, chat_model, tmp_path / "a" / "bundle")
    second = build(cli, chat_model, tmp_path / "b" / "bundle")
    assert (first.parent / "bundle.tar.gz").read_bytes() == (
        second.parent / "bundle.tar.gz"
    ).read_bytes()
    # an archive that would write outside its folder is refused before anything is read
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        member = tarfile.TarInfo("bundle/../../etc/cron.d/x")
        member.size = 3
        tar.addfile(member, io.BytesIO(b"bad"))
    assert_refused(cli("verify", evil), "is not a plain file inside the bundle's folder")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes((first.parent / "bundle.tar.gz").read_bytes()[:2000])
    assert_refused(cli("verify", truncated), "not a readable .tar.gz")


def test_build_refuses_pickles_an_existing_output_and_a_bad_name(
    cli: Cli, chat_model: Path, tmp_path: Path
) -> None:
    model = tmp_path / "model"
    shutil.copytree(chat_model, model)
    (model / "pytorch_model.bin").write_bytes(b"\x80\x04")
    assert_refused(cli("build", model, "--out", tmp_path / "out"), "pytorch_model.bin",
                   "carries safetensors only")  # fmt: skip
    (model / "pytorch_model.bin").unlink()
    assert_refused(cli("build", model, "--out", tmp_path / "out", "--name", "Bad Name!"),
                   "--name 'Bad Name!'")  # fmt: skip
    (tmp_path / "out").mkdir()
    assert_refused(cli("build", model, "--out", tmp_path / "out"), "already exists")


def test_serve_checks_the_bundle_and_uses_its_settings(
    cli: Cli, chat_model: Path, tmp_path: Path
) -> None:
    bundle = build(cli, chat_model, tmp_path / "bundle")
    server = Server(bundle, name=None)
    try:
        models = httpx.get(f"{server.url}/v1/models", timeout=10).json()
        assert [m["id"] for m in models["data"]] == ["support-bot"]  # from its gptship.yaml
        reply = server.client().completions.create(model="support-bot", prompt="Hi", max_tokens=3)
        assert reply.usage is not None and reply.usage.completion_tokens == 3
    finally:
        assert server.stop() == 0, server.log
    assert "not signed (no MANIFEST.sig)" in server.log  # served, with a warning
    config = bundle / "model" / "config.json"
    config.write_text(config.read_text().replace("}", ', "rope_theta": 1.0}', 1))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPTSHIP_")}
    refused = subprocess.run([str(GPTSHIP), "serve", str(bundle), "--port", "0"],
                             capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
    assert refused.returncode == 2, refused.stderr
    assert "model/config.json: changed since the bundle was built" in refused.stderr
    assert "Traceback" not in refused.stderr
