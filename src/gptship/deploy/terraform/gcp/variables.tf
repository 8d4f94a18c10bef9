# gptship.auto.tfvars sets name, api_port and device from the bundle; set the rest in
# terraform.tfvars. Required: project, bundle_uri, api_keys_uri.

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
  description = "cpu or cuda, as the bundle was built; picks the default machine type."
  type        = string
  default     = "cpu"
  validation {
    condition     = contains(["cpu", "cuda"], var.device)
    error_message = "device must be cpu or cuda."
  }
}

variable "project" {
  description = "The Google Cloud project."
  type        = string
}

variable "region" {
  description = "The region of the managed instance group (its instances spread over its zones)."
  type        = string
  default     = "europe-west1"
}

variable "subnet_cidr" {
  description = "The address range of the instances' own subnet."
  type        = string
  default     = "10.20.0.0/24"
}

variable "bundle_uri" {
  description = "The bundle's .tar.gz: gs://BUCKET/OBJECT, or a path on the image where it is baked in."
  type        = string
  validation {
    condition     = can(regex("^(gs://[^/]+/.+|/.+)$", var.bundle_uri))
    error_message = "bundle_uri must be gs://BUCKET/OBJECT or an absolute path on the image."
  }
}

variable "trust_key_uri" {
  description = "The ed25519 public key (PEM) the bundle must be signed with: gs://BUCKET/OBJECT or a path. Empty: only an unsigned bundle installs (a signed one is refused, its signature unchecked)."
  type        = string
  default     = ""
}

variable "api_keys_uri" {
  description = "The hashed API keys file (gptship keys create): gs://BUCKET/OBJECT or a path; \"none\" serves without keys."
  type        = string
}

variable "machine_type" {
  description = "The machine type; null picks c3-standard-8 for cpu, g2-standard-8 (one L4 GPU) for cuda."
  type        = string
  default     = null
}

variable "image" {
  description = "A boot image with cloud-init and the python3 the bundle was built with (a cuda bundle also needs the NVIDIA driver). The default, Ubuntu 24.04, has Python 3.12."
  type        = string
  default     = "ubuntu-os-cloud/ubuntu-2404-lts-amd64"
}

variable "disk_gb" {
  description = "The boot disk: the system, the bundle, its unpacked copy and the venv."
  type        = number
  default     = 40
}

variable "min_instances" {
  description = "The fewest instances the autoscaler keeps running."
  type        = number
  default     = 1
  validation {
    condition     = var.min_instances >= 1
    error_message = "min_instances must be at least 1: a model takes minutes to come up from zero."
  }
}

variable "max_instances" {
  description = "The most instances the autoscaler starts."
  type        = number
  default     = 4
}

variable "requests_per_second" {
  description = "What one instance serves, in requests per second: the backend's capacity, which the autoscaler keeps 80% used. Measure it."
  type        = number
  default     = 1
}

variable "boot_seconds" {
  description = "How long a new instance takes to install the bundle and load the model: the autoscaler's initialization period and the auto-healing delay."
  type        = number
  default     = 600
}

variable "api_cidrs" {
  description = "Extra networks that may reach the instances' API port directly (besides the load balancer)."
  type        = list(string)
  default     = []
}

variable "domain" {
  description = "A domain name pointed at the load balancer's address: HTTPS on 443 with a Google-managed certificate. null: plain HTTP on 80 (for a test only: API keys would cross the network in clear)."
  type        = string
  default     = null
}
