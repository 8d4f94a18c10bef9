"""`gptship build` and `gptship verify`: a model as a bundle a server can check on arrival."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gptship.cli_errors import user_errors

if TYPE_CHECKING:
    from gptship.deploy import container

TrustKey = Annotated[
    Path | None,
    typer.Option(
        help="Require a bundle signed by this ed25519 public key (PEM).",
        envvar="GPTSHIP_TRUST_KEY",
        show_default=False,
    ),
]
AllowUnverified = Annotated[
    bool,
    typer.Option(
        "--allow-unverified",
        help="Serve a signed bundle without a trust key, its signature unchecked (a warning).",
        envvar="GPTSHIP_ALLOW_UNVERIFIED",
        show_default=False,
    ),
]


@user_errors
def build(
    model_dir: Annotated[Path, typer.Argument(help="The model directory to ship.")],
    out: Annotated[Path, typer.Option(help="The bundle directory to write (OUT.tar.gz too).")],
    name: Annotated[
        str | None, typer.Option(help="Service and model name. Default: the model's folder.")
    ] = None,
    version: Annotated[str, typer.Option(help="The bundle's version.")] = "0.1.0",
    device: Annotated[str, typer.Option(help="cpu or cuda: what the bundle serves on.")] = "cpu",
    sign_key: Annotated[
        Path | None, typer.Option(help="Sign the MANIFEST with this ed25519 PEM private key.")
    ] = None,
    wheelhouse: Annotated[
        bool, typer.Option(help="Add wheels/ for installs with no network (this platform's).")
    ] = False,
    image: Annotated[
        bool, typer.Option(help="Also build the image gptship-NAME:VERSION (implies --wheelhouse).")
    ] = False,
    image_tool: Annotated[
        str, typer.Option(help="auto, docker, podman or buildah: what builds the image.")
    ] = "auto",
    base_image: Annotated[
        str | None,
        typer.Option(
            help="The image's base (default: python:3.11-slim-bookworm); its Python must be 3.11.",
            envvar="GPTSHIP_BASE_IMAGE",
            show_default=False,
        ),
    ] = None,
    save: Annotated[
        Path | None, typer.Option(help="With --image: write the image as an OCI archive (.tar).")
    ] = None,
) -> None:
    """Write a bundle: the model, its serving settings, the exact dependency versions and a
    MANIFEST of SHA-256s (signed with --sign-key), as a directory and a .tar.gz; with --image,
    its container image too."""
    from gptship.deploy import container
    from gptship.deploy.bundle import BuildOptions, public_key_path
    from gptship.deploy.bundle import build as build_bundle
    from gptship.errors import GptshipError

    if save is not None and not image:
        raise GptshipError("--save writes the image that --image builds: add --image")
    options = BuildOptions(
        name=name if name is not None else model_dir.resolve().name.lower(),
        version=version,
        device=device,
        sign_key=sign_key,
        wheelhouse=wheelhouse or image,  # the image installs from wheels/, with no network
    )
    tool = container.find_tool(image_tool) if image else None  # before minutes of downloads
    if tool is not None and save is not None:
        container.check_archive_path(save, tool)
    archive = build_bundle(model_dir, out, options)
    trust_key = public_key_path(out) if sign_key is not None else None
    _say_written(out, archive, trust_key)
    if tool is not None:
        tag = container.image_tag(options.name, options.version)
        _image(tool, out, tag, base_image, save, trust_key)


def _say_written(out: Path, archive: Path, trust_key: Path | None) -> None:
    if trust_key is None:
        print(f"wrote {out}/ and {archive}")
        print(f"check it where it lands:  gptship verify {archive.name}")
    else:
        print(f"wrote {out}/ and {archive} (signed), and its public key {trust_key}")
        print("give the servers that key once, apart from the bundles; check each bundle with:")
        print(f"  gptship verify {archive.name} --trust-key {trust_key.name}")


def _image(
    tool: container.Tool,
    bundle: Path,
    tag: str,
    base_image: str | None,
    save: Path | None,
    trust_key: Path | None,
) -> None:
    from gptship.deploy import container

    container.build_image(tool, bundle, tag, base_image, trust_key)
    print(f"built the image {tag} with {tool.name}")
    if save is not None:
        container.save_image(tool, tag, save)
        print(f"wrote {save}; where it lands:  podman load -i {save.name}  (or docker load)")


@user_errors
def verify(
    bundle: Annotated[Path, typer.Argument(help="A bundle directory or its .tar.gz.")],
    trust_key: TrustKey = None,
) -> None:
    """Check every file of a bundle against its MANIFEST, and its signature with --trust-key;
    exit 2 naming each file that differs. Without --trust-key a signature is not checked,
    and the output says so."""
    from gptship.deploy.verify import verify as verify_bundle

    result = verify_bundle(bundle, trust_key)
    files = f"{result.files} files match the MANIFEST"
    if result.trusted:
        print(f"{bundle}: OK, {files}, signature checked against {trust_key}")
    elif result.signed:
        print(f"{bundle}: {files}; signature NOT checked: pass --trust-key KEY.pub (the "
              "signer's public key) to check who built it")  # fmt: skip
    else:
        print(f"{bundle}: OK, {files}, not signed")
