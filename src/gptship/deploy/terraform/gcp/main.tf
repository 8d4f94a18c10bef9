# The instances: their own network (no public addresses, no SSH), an instance template
# whose user-data installs the bundle, and a regional managed instance group whose
# autoscaler keeps the load balancer's capacity 80% used.

locals {
  # resource names: lower-case letters, digits and hyphens
  base         = trim(substr(replace(lower("gptship-${var.name}"), "/[^a-z0-9-]/", "-"), 0, 30), "-")
  machine_type = coalesce(var.machine_type, var.device == "cuda" ? "g2-standard-8" : "c3-standard-8")
  # Google's front ends: the load balancer's proxies and its health checks connect from here
  google_front_ends = ["35.191.0.0/16", "130.211.0.0/22"]
  # the buckets the instances may read: the bundle's, the trust key's, the API keys'
  buckets = toset([
    for uri in [var.bundle_uri, var.trust_key_uri, var.api_keys_uri] :
    split("/", trimprefix(uri, "gs://"))[0] if startswith(uri, "gs://")
  ])
}

resource "google_compute_network" "api" {
  name                    = local.base
  auto_create_subnetworks = false # and so none of the default network's SSH and RDP rules
}

resource "google_compute_subnetwork" "api" {
  name                     = local.base
  region                   = var.region
  network                  = google_compute_network.api.id
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true # Cloud Storage without a public address
}

# first boot installs packages: out through NAT, since the instances have no public address
resource "google_compute_router" "api" {
  name    = local.base
  region  = var.region
  network = google_compute_network.api.id
}

resource "google_compute_router_nat" "api" {
  name                               = local.base
  router                             = google_compute_router.api.name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
}

# the only way in: the API port, from the load balancer, its health checks and api_cidrs
resource "google_compute_firewall" "api" {
  name          = "${local.base}-api"
  network       = google_compute_network.api.id
  direction     = "INGRESS"
  source_ranges = concat(local.google_front_ends, var.api_cidrs)
  target_tags   = [local.base]
  allow {
    protocol = "tcp"
    ports    = [tostring(var.api_port)]
  }
}

resource "google_service_account" "instances" {
  account_id   = local.base
  display_name = "gptship ${var.name} instances"
}

resource "google_storage_bucket_iam_member" "read_bundle" {
  for_each = local.buckets
  bucket   = each.value
  role     = "roles/storage.objectViewer"
  member   = "serviceAccount:${google_service_account.instances.email}"
}

resource "google_compute_instance_template" "api" {
  name_prefix  = "${local.base}-"
  machine_type = local.machine_type
  tags         = [local.base]
  disk {
    source_image = var.image
    boot         = true
    auto_delete  = true
    disk_size_gb = var.disk_gb
    disk_type    = "pd-balanced"
  }
  network_interface {
    subnetwork = google_compute_subnetwork.api.id # no access_config: no public address
  }
  metadata = {
    user-data              = file("${path.module}/../../cloud-init-gcp.yaml")
    gptship-bundle         = var.bundle_uri
    gptship-trust-key      = var.trust_key_uri
    gptship-keys           = var.api_keys_uri
    block-project-ssh-keys = "true"
  }
  service_account {
    email  = google_service_account.instances.email
    scopes = ["cloud-platform"] # what it may do is the account's roles: read the buckets
  }
  scheduling {
    on_host_maintenance = var.device == "cuda" ? "TERMINATE" : "MIGRATE" # GPUs cannot migrate
  }
  lifecycle {
    create_before_destroy = true # a new template (a new bundle) before the old one goes
  }
}

resource "google_compute_region_instance_group_manager" "api" {
  name               = local.base
  region             = var.region
  base_instance_name = local.base
  version {
    instance_template = google_compute_instance_template.api.id
  }
  named_port {
    name = "api"
    port = var.api_port
  }
  auto_healing_policies {
    health_check      = google_compute_health_check.api.id
    initial_delay_sec = var.boot_seconds
  }
  # a new template replaces the instances: new ones first, none taken away before
  update_policy {
    type                  = "PROACTIVE"
    minimal_action        = "REPLACE"
    max_surge_fixed       = 3 # a regional group surges by at least one per zone
    max_unavailable_fixed = 0
  }
}

resource "google_compute_region_autoscaler" "api" {
  name   = local.base
  region = var.region
  target = google_compute_region_instance_group_manager.api.id
  autoscaling_policy {
    min_replicas    = var.min_instances
    max_replicas    = var.max_instances
    cooldown_period = var.boot_seconds
    load_balancing_utilization {
      target = 0.8 # of requests_per_second per instance
    }
  }
}
