# The instances: a launch template whose user-data installs the bundle, and an autoscaling
# group behind the load balancer that tracks requests per instance.

locals {
  # load balancer and target group names: 32 characters of letters, digits and hyphens
  short         = trim(substr(replace("gptship-${var.name}", "/[^a-zA-Z0-9-]/", "-"), 0, 32), "-")
  instance_type = coalesce(var.instance_type, var.device == "cuda" ? "g6.xlarge" : "c7i.2xlarge")
  # the S3 objects the instances may read: the bundle, the trust key, the API keys
  s3_objects = [
    for uri in [var.bundle_uri, var.trust_key_uri, var.api_keys_uri] :
    "arn:aws:s3:::${trimprefix(uri, "s3://")}" if startswith(uri, "s3://")
  ]
}

data "aws_ami" "debian" {
  most_recent = true
  owners      = ["136693071363"] # Debian's own account
  filter {
    name   = "name"
    values = ["debian-12-amd64-*"]
  }
}

resource "aws_iam_role" "instance" {
  name_prefix = "gptship-${var.name}-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "read_bundle" {
  count = length(local.s3_objects) > 0 ? 1 : 0
  name  = "read-bundle"
  role  = aws_iam_role.instance.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = local.s3_objects }]
  })
}

resource "aws_iam_instance_profile" "instance" {
  name_prefix = "gptship-${var.name}-"
  role        = aws_iam_role.instance.name
}

resource "aws_launch_template" "api" {
  name_prefix            = "gptship-${var.name}-"
  image_id               = coalesce(var.image_id, data.aws_ami.debian.id)
  instance_type          = local.instance_type
  user_data              = filebase64("${path.module}/../../cloud-init-aws.yaml")
  vpc_security_group_ids = [aws_security_group.instances.id]
  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }
  metadata_options {
    http_tokens                 = "required" # IMDSv2 only
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled" # the user-data reads its settings from the tags
  }
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = var.disk_gb
      volume_type = "gp3"
      encrypted   = true
    }
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      Name                = "gptship-${var.name}"
      "gptship-bundle"    = var.bundle_uri
      "gptship-trust-key" = var.trust_key_uri
      "gptship-keys"      = var.api_keys_uri
    }
  }
}

resource "aws_autoscaling_group" "api" {
  name_prefix               = "gptship-${var.name}-"
  min_size                  = var.min_instances
  max_size                  = var.max_instances
  vpc_zone_identifier       = var.subnet_ids
  target_group_arns         = [aws_lb_target_group.api.arn]
  health_check_type         = "ELB" # /ready through the load balancer, not only "running"
  health_check_grace_period = var.boot_seconds
  default_instance_warmup   = var.boot_seconds
  launch_template {
    id      = aws_launch_template.api.id
    version = aws_launch_template.api.latest_version
  }
  # a new launch template (a new bundle) replaces the instances a few at a time
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 100
      max_healthy_percentage = 200
    }
  }
}

resource "aws_autoscaling_policy" "requests" {
  name                   = "requests-per-instance"
  autoscaling_group_name = aws_autoscaling_group.api.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.api.arn_suffix}/${aws_lb_target_group.api.arn_suffix}"
    }
    target_value = var.requests_per_instance
  }
}
