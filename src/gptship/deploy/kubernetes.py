"""The Helm chart a bundle carries (chart/gptship, docs/deploy/kubernetes.md): copied as it
is, with the bundle's image, version and device in values-bundle.yaml beside it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from gptship.deploy.artifacts import Target

CHART = Path(__file__).parent / "chart" / "gptship"
BUNDLE_VALUES = "values-bundle.yaml"
_APP_VERSION = re.compile(r'^appVersion: ".*"$', re.MULTILINE)


def write_chart(target: Target, out: Path) -> list[Path]:
    """Copy the chart to `out`/deploy/helm/gptship/ and write its values-bundle.yaml; returns
    every file written. `helm install NAME deploy/helm/gptship -f .../values-bundle.yaml`
    then serves this bundle's image."""
    chart = out / "deploy" / "helm" / "gptship"
    shutil.copytree(CHART, chart, ignore=shutil.ignore_patterns("__pycache__"))
    chart_yaml = chart / "Chart.yaml"
    text, found = _APP_VERSION.subn(f'appVersion: "{target.version}"', chart_yaml.read_text())
    if found != 1:  # the chart's own file: a changed layout is a bug here, not a user error
        raise RuntimeError(f"{CHART / 'Chart.yaml'}: expected one appVersion line")
    chart_yaml.write_text(text)
    (chart / BUNDLE_VALUES).write_text(bundle_values(target))
    return sorted(p for p in chart.rglob("*") if p.is_file())


def bundle_values(target: Target) -> str:
    """The values that make the chart serve this bundle: its image and its device. A preset
    given before this file (-f values-eks-gpu.yaml -f values-bundle.yaml) keeps its nodes."""
    signed = (
        "# It is signed: its image checked MANIFEST.sig when it was built. Served from a\n"
        "# volume (model.volume), it needs the signer's key: --set-file trustKey.pem=NAME.pub\n"
    )
    return (
        f"# the bundle {target.name} {target.version} ({target.device}), as gptship build wrote\n"
        "# it: pass this file after a preset, and set image.registry to where you pushed the\n"
        "# image (--set image.registry=REGISTRY)\n"
        f"{signed if target.signed else ''}"
        f"device: {target.device}\n"
        "image:\n"
        f"  repository: gptship-{target.name}\n"
        f'  tag: "{target.version}"\n'
    )
