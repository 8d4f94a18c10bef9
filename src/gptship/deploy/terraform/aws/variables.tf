# gptship.auto.tfvars sets name, api_port and device from the bundle; set the rest in
# terraform.tfvars. Required: vpc_id, subnet_ids, bundle_uri, api_keys_uri.

variable "name" {
  description = "The bundle's name (gptship build --name): it names the service and every resource here."
  type        = string
}

variable "api_port" {
  description = "The port gptship serves on (the bundle's gptship.yaml); the only port open on the instances."
  type        = number
  default     = 8000
}

variable "device" {
  description = "cpu or cuda, as the bundle was built; picks the default instance type."
  type        = string
  default     = "cpu"
  validation {
    condition     = contains(["cpu", "cuda"], var.device)
    error_message = "device must be cpu or cuda."
  }
}

variable "region" {
  description = "The AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "vpc_id" {
  description = "The VPC of the instances and the load balancer."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets in at least two availability zones, for the load balancer and the instances."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "an application load balancer needs subnets in at least two availability zones."
  }
}

variable "bundle_uri" {
  description = "The bundle's .tar.gz: s3://BUCKET/KEY, or a path on the image where it is baked in."
  type        = string
  validation {
    condition     = can(regex("^(s3://[^/]+/.+|/.+)$", var.bundle_uri))
    error_message = "bundle_uri must be s3://BUCKET/KEY or an absolute path on the image."
  }
}

variable "trust_key_uri" {
  description = "The ed25519 public key (PEM) the bundle must be signed with: s3://BUCKET/KEY or a path. Empty: only an unsigned bundle installs (a signed one is refused, its signature unchecked)."
  type        = string
  default     = ""
}

variable "api_keys_uri" {
  description = "The hashed API keys file (gptship keys create): s3://BUCKET/KEY or a path; \"none\" serves without keys."
  type        = string
}

variable "instance_type" {
  description = "The instance type; null picks c7i.2xlarge for cpu, g6.xlarge (one L4 GPU) for cuda."
  type        = string
  default     = null
}

variable "image_id" {
  description = "An AMI with cloud-init and the python3 the bundle was built with (a cuda bundle also needs the NVIDIA driver). null: the newest Debian 12 AMI (Python 3.11)."
  type        = string
  default     = null
}

variable "disk_gb" {
  description = "The root volume: the system, the bundle, its unpacked copy and the venv."
  type        = number
  default     = 40
}

variable "min_instances" {
  description = "The fewest instances the autoscaling group keeps running."
  type        = number
  default     = 1
  validation {
    condition     = var.min_instances >= 1
    error_message = "min_instances must be at least 1: a model takes minutes to come up from zero."
  }
}

variable "max_instances" {
  description = "The most instances the autoscaling group starts."
  type        = number
  default     = 4
}

variable "requests_per_instance" {
  description = "Target tracking: requests per instance per minute (ALBRequestCountPerTarget). Measure it: the rate one instance serves at the latency you want."
  type        = number
  default     = 60
}

variable "boot_seconds" {
  description = "How long a new instance takes to install the bundle and load the model: the health-check grace period and the scaling warm-up."
  type        = number
  default     = 600
}

variable "client_cidrs" {
  description = "Who may reach the load balancer's listener."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "api_cidrs" {
  description = "Extra networks that may reach the instances' API port directly (besides the load balancer)."
  type        = list(string)
  default     = []
}

variable "certificate_arn" {
  description = "An ACM certificate: the listener serves HTTPS on 443 with it. null: plain HTTP on 80 (for a test only: API keys would cross the network in clear)."
  type        = string
  default     = null
}

variable "internal" {
  description = "An internal load balancer, reachable from the VPC only."
  type        = bool
  default     = false
}
