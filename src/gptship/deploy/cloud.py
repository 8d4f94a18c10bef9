"""Cloud VMs: the files a bundle carries for AWS EC2 and GCP Compute Engine.

    deploy/cloud-init-aws.yaml    user-data: fetch the bundle (S3 or the image), verify it,
    deploy/cloud-init-gcp.yaml    run its install.sh, start the service (GCS or the image)
    deploy/terraform/aws/         a launch template, an autoscaling group that tracks ALB
                                  requests per instance, an ALB whose health check is /ready
    deploy/terraform/gcp/         an instance template, a regional managed instance group
                                  scaled on load-balancer use, a global HTTP(S) load balancer

The user-data is rendered for the bundle (its name, version and port); where the bundle is
kept comes from each instance's tags (AWS) or metadata (GCP), which Terraform sets. The
Terraform files are static; gptship.auto.tfvars gives them the bundle's own values."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from gptship.deploy.artifacts import TEMPLATES, Target

CLOUDS = ("aws", "gcp")
TERRAFORM = Path(__file__).parent / "terraform"


def write_cloud(target: Target, out: Path) -> list[Path]:
    """Write deploy/cloud-init-{aws,gcp}.yaml and deploy/terraform/{aws,gcp}/ under `out`,
    for the port the bundle serves on (target.port, its gptship.yaml's)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # YAML and shell, not HTML
    )
    values = {"name": target.name, "version": target.version, "port": target.port}
    deploy = out / "deploy"
    deploy.mkdir(parents=True, exist_ok=True)
    written = []
    for cloud in CLOUDS:
        user_data = deploy / f"cloud-init-{cloud}.yaml"
        user_data.write_text(env.get_template(user_data.name).render(values))
        written += [user_data, *_terraform(cloud, deploy / "terraform" / cloud, target)]
    return written


def _terraform(cloud: str, folder: Path, target: Target) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for source in sorted((TERRAFORM / cloud).glob("*.tf")):
        files.append(Path(shutil.copyfile(source, folder / source.name)))
    tfvars = folder / "gptship.auto.tfvars"
    tfvars.write_text(
        f"# the bundle {target.name} {target.version}: these match its user-data, so leave\n"
        "# them be; set everything else in terraform.tfvars\n"
        f'name     = "{target.name}"\n'
        f"api_port = {target.port}\n"
        f'device   = "{target.device}"\n'
    )
    return [*files, tfvars]
