"""On-premise, air-gapped: a bundle built with --wheelhouse installs with no network at all
(a network namespace with nothing in it), answers a chat request, a JSON Schema and a forced
tool call, and its systemd unit
passes `systemd-analyze verify` and scores well on `systemd-analyze security`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gptship.deploy import signing
from tests.deploy.conftest import assert_structured_answers, require_tool, require_unshare
from tests.figures import FIGURES
from tests.server.conftest import GPTSHIP, Server

pytestmark = pytest.mark.slow
NAME = "support-bot"
UNIT = f"gptship-{NAME}.service"


def build(model: Path, out: Path, *args: str) -> Path:
    command = [str(GPTSHIP), "build", str(model), "--out", str(out), "--name", NAME, *args]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    return out


def install(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """install.sh with no network at all (a new, empty network namespace) and without the
    host's pip configuration."""
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    command = ["unshare", "-n", "sh", str(bundle / "install.sh"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def bundle(long_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny chat model with a context long enough for the tools' prompt."""
    require_unshare("-n")
    return build(long_model, tmp_path_factory.mktemp("build") / "bundle", "--wheelhouse")


@pytest.fixture(scope="module")
def prefix(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    prefix = tmp_path_factory.mktemp("opt") / NAME
    result = install(bundle, "--prefix", str(prefix), "--no-service")
    assert result.returncode == 0, result.stdout + result.stderr
    return prefix


def test_it_installs_with_no_network_and_answers_chat_json_and_tool_calls(prefix: Path) -> None:
    python = prefix / "venv" / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import gptship; print(gptship.__file__)"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert where.startswith(str(prefix / "venv")), where  # its own copy, from the wheelhouse
    server = Server(prefix / "bundle", name=None, gptship=prefix / "venv" / "bin" / "gptship")
    try:
        reply = server.client().chat.completions.create(
            model=NAME, messages=[{"role": "user", "content": "Hello"}], max_tokens=4
        )
        assert reply.choices[0].finish_reason == "length"
        assert_structured_answers(server.client(), NAME)
    finally:
        assert server.stop() == 0, server.log


def test_the_unit_verifies_clean_and_scores_well(prefix: Path) -> None:
    analyze = require_tool("systemd-analyze", "systemd")
    unit = prefix / UNIT
    assert f"ExecStart={prefix}/venv/bin/gptship serve {prefix}/bundle" in unit.read_text()
    verify = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
    assert verify.returncode == 0 and verify.stderr == "", verify.stderr
    security = subprocess.run([analyze, "security", "--offline=true", str(unit)],
                              capture_output=True, text=True)  # fmt: skip
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", security.stdout)
    assert match, security.stdout + security.stderr
    FIGURES.append(f"systemd-analyze security --offline=true {UNIT}: {match.group(1)} (0-10)")
    assert float(match.group(1)) <= 1.5


def test_as_root_it_creates_the_user_settings_and_unit(bundle: Path, tmp_path: Path) -> None:
    """The service install, in a private mount namespace whose /etc is a copy: the user, the
    settings file and the unit land in the copy, never in the host's /etc."""
    if os.geteuid() != 0:
        pytest.skip("installs a service: run the tests as root")
    etc = tmp_path / "etc"
    shutil.copytree("/etc", etc, symlinks=True, ignore_dangling_symlinks=True)
    (etc / "systemd" / "system").mkdir(parents=True, exist_ok=True)
    prefix = tmp_path / "opt" / NAME
    script = f'mount --bind "{etc}" /etc && exec sh "{bundle}/install.sh" --prefix "{prefix}"'
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    result = subprocess.run(["unshare", "-m", "-n", "sh", "-c", script], capture_output=True,
                            text=True, timeout=600, env=env)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^gptship:x:\d+:\d+:.*:/nonexistent:/usr/sbin/nologin$",
                     (etc / "passwd").read_text(), re.MULTILINE)  # fmt: skip
    settings = etc / "gptship" / f"{NAME}.env"
    assert oct(settings.stat().st_mode & 0o777) == "0o640"
    assert "GPTSHIP_HOST=127.0.0.1" in settings.read_text()
    unit = (etc / "systemd" / "system" / UNIT).read_text()
    assert f"ExecStart={prefix}/venv/bin/gptship serve {prefix}/bundle" in unit
    assert "User=gptship" in unit and "NoNewPrivileges=yes" in unit
    assert oct((prefix / "bundle" / "MANIFEST").stat().st_mode & 0o777) == "0o640"
    assert not Path("/etc/gptship", f"{NAME}.env").exists()  # the host's /etc is untouched


def test_install_refuses_a_changed_bundle_or_one_without_wheels(
    chat_model: Path, tmp_path: Path
) -> None:
    require_unshare("-n")
    bundle = build(chat_model, tmp_path / "bundle")
    result = install(bundle, "--prefix", str(tmp_path / "p"), "--no-service")
    assert result.returncode == 1 and "gptship build --wheelhouse" in result.stderr
    (bundle / "model" / "config.json").write_text("{}")
    result = install(bundle, "--prefix", str(tmp_path / "p"), "--no-service")
    assert result.returncode == 1, result.stderr
    assert "model/config.json: FAILED" in result.stdout + result.stderr
    assert "files differ from MANIFEST" in result.stderr
    assert not (tmp_path / "p").exists()


def test_a_signed_bundle_installs_with_its_key_and_the_unit_passes_it_on(
    bundle: Path, tmp_path: Path
) -> None:
    """A signed copy of the bundle (hard links, and its own MANIFEST.sig): install.sh checks
    the signature, keeps the key outside the bundle and gives it to the unit's serve; the
    installed gptship refuses the bundle without it."""
    signed = tmp_path / "signed"
    shutil.copytree(bundle, signed, copy_function=os.link)
    key = Ed25519PrivateKey.generate()
    private, public = tmp_path / "signing-key.pem", tmp_path / "signing-key.pub"
    pem, pkcs8 = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    private.write_bytes(key.private_bytes(pem, pkcs8, serialization.NoEncryption()))
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    public.write_bytes(key.public_key().public_bytes(pem, spki))
    (signed / "MANIFEST.sig").write_bytes(signing.sign((signed / "MANIFEST").read_bytes(), private))
    prefix = tmp_path / "opt" / NAME
    result = install(signed, "--prefix", str(prefix), "--no-service", "--trust-key", str(public))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (prefix / "trust-key.pub").read_bytes() == public.read_bytes()
    serve = f"{prefix}/venv/bin/gptship serve {prefix}/bundle --trust-key {prefix}/trust-key.pub"
    assert f"ExecStart={serve}\n" in (prefix / UNIT).read_text()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPTSHIP_")}
    refused = subprocess.run([str(prefix / "venv" / "bin" / "gptship"), "serve",
                              str(prefix / "bundle"), "--port", "0"], capture_output=True,
                             text=True, timeout=120, env=env)  # fmt: skip
    assert refused.returncode == 2, refused.stderr
    assert "no trust key was given" in " ".join(refused.stderr.split())
