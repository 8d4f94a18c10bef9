"""`gptship serve`: its flags are ServerConfig's settings (gptship.config)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from gptship.cli_deploy import AllowUnverified, TrustKey
from gptship.cli_errors import user_errors
from gptship.cli_options import opt, settings_options
from gptship.config import ServerConfig
from gptship.errors import GptshipError


@user_errors
@settings_options(ServerConfig, skip=("model",))
def serve(
    model_dir: Annotated[
        str | None,
        typer.Argument(help="A model directory (or GPTSHIP_MODEL, or model: in --config)."),
    ] = None,
    config: Annotated[str | None, opt("A YAML file of settings (flag names, - or _).")] = None,
    trust_key: TrustKey = None,
    allow_unverified: AllowUnverified = False,
    **settings: Any,
) -> None:
    """Serve a model directory, or a bundle from `gptship build`, over an OpenAI-compatible
    HTTP API. A bundle is checked against its MANIFEST first and refused if any file differs;
    a signed bundle needs --trust-key (or --allow-unverified) and is refused unless that key
    signed it.

    Settings come from flags, then GPTSHIP_* environment variables (GPTSHIP_PORT, ...), then
    --config (a bundle's gptship.yaml by default), then the defaults: the first that sets a
    value wins.
    """
    from gptship.deploy import bundle
    from gptship.server.run import serve as run_server

    flags = {**settings, "model": model_dir}
    resolved = ServerConfig.resolve(flags, os.environ, config)
    if bundle.is_bundle(Path(resolved.model)):
        root = Path(resolved.model)
        _check_bundle(root, trust_key, allow_unverified)  # before anything in it is read
        flags["model"] = str(root / bundle.MODEL)
        resolved = ServerConfig.resolve(flags, os.environ, config or str(root / bundle.SETTINGS))
    elif trust_key is not None:
        raise GptshipError(f"{resolved.model}: --trust-key checks bundles; this is not one")
    run_server(resolved)


def _check_bundle(root: Path, trust_key: Path | None, allow_unverified: bool) -> None:
    from gptship.deploy.verify import before_serving, verify
    from gptship.server.run import configure_logging

    warning = before_serving(verify(root, trust_key), allow_unverified)
    if warning is not None:
        configure_logging()  # the server's JSON lines, which run_server would set up anyway
        logging.getLogger("gptship.deploy").warning("%s", warning)
