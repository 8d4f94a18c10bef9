"""Bundles: one directory (and its .tar.gz) that carries a model to a server and proves on
arrival that nothing in it changed.

    NAME-VERSION/
      bundle.json        what it is: name, version, device, model, the gptship that built it
      gptship.yaml       the serving settings (`gptship serve BUNDLE` reads them)
      requirements.lock  the exact version of every runtime dependency
      model/             the model directory (safetensors, tokenizer, config, card)
      install.sh         the air-gapped installer: a venv from wheels/, a systemd service
      Dockerfile         the container image (this device's), and compose.yaml to run it
      deploy/            the hardened systemd unit, the Helm chart (helm/), cloud-init
                         user-data and Terraform for AWS and GCP
      wheels/            with --wheelhouse: every dependency's wheel
      MANIFEST           SHA-256 of every file above (sha256sum's format)
      MANIFEST.sig       optional: an ed25519 signature of MANIFEST
    NAME-VERSION.pub     with MANIFEST.sig, beside the bundle: the signer's public key

`gptship verify` and `gptship serve` check every file against the MANIFEST (and the
signature against a trusted public key) before they read anything else in the bundle; the
trusted key comes from the operator (--trust-key), never from the bundle."""

from __future__ import annotations

import gzip
import importlib.metadata as metadata
import json
import platform
import re
import shutil
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from gptship.deploy import artifacts, cloud, kubernetes, manifest, signing, wheelhouse
from gptship.errors import GptshipError

INFO = "bundle.json"
SETTINGS = "gptship.yaml"
LOCK = "requirements.lock"
MODEL = "model"
WHEELS = "wheels"
# weights that unpickle code when loaded never go into a bundle; gptship reads safetensors
_PICKLES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")


@dataclass(frozen=True)
class BuildOptions:
    name: str
    version: str = "0.1.0"
    device: str = "cpu"
    sign_key: Path | None = None
    wheelhouse: bool = False  # wheels/: every dependency, for installs with no network
    port: int = 8000

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise GptshipError(
                f"--name '{self.name}': use lower-case letters, digits, '.', '_' or '-' "
                "(it names the service, the image and the Kubernetes objects)"
            )
        if not _NAME.fullmatch(self.version.lower()):
            raise GptshipError(f"--version '{self.version}': use letters, digits, '.', '_', '-'")
        if self.device not in ("cpu", "cuda"):
            raise GptshipError(f"--device '{self.device}': a bundle is for cpu or cuda")


def is_bundle(path: Path) -> bool:
    return (path / manifest.MANIFEST).is_file() and (path / INFO).is_file()


def build(model_dir: Path, out: Path, options: BuildOptions) -> Path:
    """Write the bundle directory `out` and `out`.tar.gz; returns the archive's path. `out`
    must not exist yet: a build never mixes with an older one."""
    from gptship.model.summary import summarize

    summary = summarize(model_dir, "cpu", "auto")  # checks the model; sizes it in float32
    if out.exists():
        raise GptshipError(f"{out}: already exists; remove it or choose another --out")
    public = None if options.sign_key is None else signing.public_key_pem(options.sign_key)
    if public is not None:
        _check_public_key_path(public_key_path(out), public)  # before minutes of work
    staging = out.with_name(f".{out.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / MODEL).mkdir(parents=True)
        for source in model_files(model_dir):
            shutil.copy2(source, staging / MODEL / source.name)
        info = {
            "name": options.name,
            "version": options.version,
            "device": options.device,
            "model": {"architecture": summary.architecture, "parameters": summary.parameters,
                      "context_length": summary.context_length},
            "built_by": {"gptship": metadata.version("gptship"),
                         "python": platform.python_version(), "platform": sys.platform,
                         "machine": platform.machine()},
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(_build_time())),
        }  # fmt: skip
        (staging / INFO).write_text(json.dumps(info, indent=2) + "\n")
        (staging / SETTINGS).write_text(settings_yaml(options))
        (staging / LOCK).write_text(requirements_lock(options.device))
        target = artifacts.Target(
            options.name,
            options.version,
            options.device,
            summary.weight_bytes,
            options.port,
            signed=public is not None,
        )
        artifacts.render(target, staging)  # install.sh, the systemd unit, the Dockerfile
        kubernetes.write_chart(target, staging)  # deploy/helm/
        cloud.write_cloud(target, staging)  # deploy/cloud-init-*.yaml, deploy/terraform/
        if options.wheelhouse:
            wheelhouse.download(staging / LOCK, staging / WHEELS)
        text = manifest.write(staging)
        if options.sign_key is not None:
            (staging / manifest.SIGNATURE).write_bytes(signing.sign(text, options.sign_key))
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if public is not None:
        public_key_path(out).write_bytes(public)
    return write_archive(out)


def public_key_path(out: Path) -> Path:
    """Where a signed build writes the signer's public key: beside the bundle, never in it,
    since a key that travels inside a bundle would vouch for whoever changed the bundle."""
    return out.with_name(f"{out.name}.pub")


def _check_public_key_path(path: Path, public: bytes) -> None:
    if path.exists() and path.read_bytes() != public:
        raise GptshipError(
            f"{path}: already exists and holds another key; build writes the signer's public "
            "key there: move it away or choose another --out"
        )


def model_files(model_dir: Path) -> list[Path]:
    """The model directory's files that a server needs: every visible top-level file but
    pickled weights (a training run's hidden .train/ and checkpoints stay behind)."""
    files = sorted(p for p in model_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    pickles = [p.name for p in files if p.suffix in _PICKLES]
    if pickles:
        raise GptshipError(
            f"{model_dir}: {', '.join(pickles)} would unpickle code when loaded; a bundle "
            "carries safetensors only (gptship convert writes them)"
        )
    return files


def settings_yaml(options: BuildOptions) -> str:
    return (
        f"# gptship serve settings of the bundle {options.name} {options.version}.\n"
        "# Flags and GPTSHIP_* variables override them; API keys never live here (pass\n"
        "# --api-keys-file, or GPTSHIP_API_KEY from a secret store).\n"
        f"served_model_name: {options.name}\n"
        f"device: {options.device}\n"
        f"port: {options.port}\n"
    )


def requirements_lock(device: str = "cpu", extras: tuple[str, ...] = ()) -> str:
    """`name==version` for gptship and everything it needs at run time, as installed now.
    A CUDA bundle built where torch is a CPU build (no nvidia-* libraries installed) takes
    torch's CUDA build and its libraries from the package index instead, the other packages
    staying at their installed versions."""
    versions = dict(_closure("gptship", extras))
    where = "exactly as installed where this bundle was built"
    if device == "cuda" and not any(name.startswith("nvidia-") for name in versions):
        torch = versions.pop("torch").split("+")[0]
        others = {k: v for k, v in versions.items() if k != "gptship"}
        try:
            resolved = wheelhouse.resolve(f"torch==={torch}", others)
        except GptshipError as e:
            raise GptshipError(
                f"{e}\nA CUDA bundle built where torch is a CPU build takes torch's CUDA "
                "libraries from the package index: build where pip reaches it, or on a "
                "machine with torch's CUDA build installed"
            ) from None
        versions.update((canonicalize_name(k), v) for k, v in resolved.items())
        where = (f"as installed where this bundle was built,\n# but torch {torch} and its "
                 "CUDA libraries, which the package index resolved")  # fmt: skip
    lines = [f"{name}=={version}" for name, version in sorted(versions.items())]
    header = (
        f"# the runtime dependencies of gptship {versions['gptship']}, {where}\n"
        f"# (python {platform.python_version()}, {sys.platform}, {platform.machine()})\n"
    )
    return header + "\n".join(lines) + "\n"


def _closure(root: str, extras: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    todo = [(root, extras)]
    while todo:
        name, wanted = todo.pop()
        key = canonicalize_name(name)
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise GptshipError(
                f"{name} is required but not installed; reinstall gptship before building"
            ) from None
        yield str(key), dist.version
        for line in dist.requires or []:
            req = Requirement(line)
            envs = [{"extra": e} for e in wanted] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, tuple(sorted(req.extras))))


def _build_time() -> float:
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds' convention
    return float(epoch) if epoch and epoch.isdigit() else time.time()


# --- the archive ------------------------------------------------------------------------------


def write_archive(bundle: Path) -> Path:
    """bundle.tar.gz beside the directory, byte-reproducible: sorted members, fixed owners,
    modes and times, and no gzip timestamp."""
    archive = bundle.with_name(bundle.name + ".tar.gz")
    temp = archive.with_name(f".{archive.name}.partial")
    mtime = int(_build_time())
    with (
        temp.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=6) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for path in [bundle, *sorted(bundle.rglob("*"))]:
            member = tar.gettarinfo(path, arcname=path.relative_to(bundle.parent).as_posix())
            member.uid = member.gid = 0
            member.uname = member.gname = ""
            member.mtime = mtime
            member.mode = 0o755 if path.is_dir() or path.stat().st_mode & 0o100 else 0o644
            if path.is_file():
                with path.open("rb") as f:
                    tar.addfile(member, f)
            else:
                tar.addfile(member)
    temp.rename(archive)
    return archive


@dataclass(frozen=True)
class ArchiveContents:
    top: str  # the bundle's folder inside the archive
    hashes: dict[str, str]  # {relative path: sha256} of every file but MANIFEST(.sig)
    manifest: bytes | None
    signature: bytes | None


def hash_archive(archive: Path) -> ArchiveContents:
    """Hash a bundle archive's files as they stream by, without extracting anything; a
    member that is not a plain file or folder inside one top folder is refused."""
    hashes: dict[str, str] = {}
    unlisted: dict[str, bytes] = {}
    tops: set[str] = set()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                top, _, relative = member.name.partition("/")
                tops.add(top)
                if member.isdir():
                    continue
                if not member.isfile() or not manifest.safe_path(member.name) or not relative:
                    raise GptshipError(
                        f"{archive}: {member.name} is not a plain file inside the bundle's "
                        "folder; this is not an archive gptship build wrote"
                    )
                data = tar.extractfile(member)
                assert data is not None
                if relative in (manifest.MANIFEST, manifest.SIGNATURE):
                    unlisted[relative] = data.read(1 << 24)
                else:
                    hashes[relative] = manifest.stream_sha256(data)
    except (tarfile.TarError, OSError, EOFError) as e:
        raise GptshipError(f"{archive}: not a readable .tar.gz ({e}); copy it again") from e
    if len(tops) != 1:
        raise GptshipError(f"{archive}: expected one top-level folder, found {len(tops)}")
    return ArchiveContents(
        tops.pop(), hashes, unlisted.get(manifest.MANIFEST), unlisted.get(manifest.SIGNATURE)
    )
