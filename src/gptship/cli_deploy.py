"""`gptship build` and `gptship verify`: a model as a bundle a server can check on arrival."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gptship.cli_errors import user_errors

TrustKey = Annotated[
    Path | None,
    typer.Option(
        help="Require a bundle signed by this ed25519 public key (PEM).",
        envvar="GPTSHIP_TRUST_KEY",
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
) -> None:
    """Write a bundle: the model, its serving settings, the exact dependency versions and a
    MANIFEST of SHA-256s (signed with --sign-key), as a directory and a .tar.gz."""
    from gptship.deploy.bundle import BuildOptions
    from gptship.deploy.bundle import build as build_bundle

    options = BuildOptions(
        name=name if name is not None else model_dir.resolve().name.lower(),
        version=version,
        device=device,
        sign_key=sign_key,
        wheelhouse=wheelhouse,
    )
    archive = build_bundle(model_dir, out, options)
    signed = " (signed)" if sign_key is not None else ""
    print(f"wrote {out}/ and {archive}{signed}")
    print(f"check it where it lands:  gptship verify {archive.name}")


@user_errors
def verify(
    bundle: Annotated[Path, typer.Argument(help="A bundle directory or its .tar.gz.")],
    trust_key: TrustKey = None,
) -> None:
    """Check every file of a bundle against its MANIFEST, and its signature with --trust-key;
    exit 2 naming each file that differs."""
    from gptship.deploy.verify import verify as verify_bundle

    result = verify_bundle(bundle, trust_key)
    if result.trusted:
        signature = f", signature checked against {trust_key}"
    elif result.signed:
        signature = ", signed (pass --trust-key to check the signature)"
    else:
        signature = ", not signed"
    print(f"{bundle}: OK, {result.files} files match the MANIFEST{signature}")
