# A global external Application Load Balancer: one address, HTTPS with a Google-managed
# certificate when a domain is given (else HTTP), a backend whose health check is /ready.

locals {
  https = var.domain != null
}

resource "google_compute_health_check" "api" {
  name                = "${local.base}-ready"
  check_interval_sec  = 10
  timeout_sec         = 5
  healthy_threshold   = 2
  unhealthy_threshold = 3
  http_health_check {
    port         = var.api_port
    request_path = "/ready" # 503 while loading and while draining
  }
}

resource "google_compute_backend_service" "api" {
  name                            = local.base
  protocol                        = "HTTP"
  port_name                       = "api"
  load_balancing_scheme           = "EXTERNAL_MANAGED"
  timeout_sec                     = 600 # a long completion
  connection_draining_timeout_sec = 45  # the server drains for 30 s after SIGTERM
  health_checks                   = [google_compute_health_check.api.id]
  backend {
    group                 = google_compute_region_instance_group_manager.api.instance_group
    balancing_mode        = "RATE"
    max_rate_per_instance = var.requests_per_second
    capacity_scaler       = 1
  }
}

resource "google_compute_url_map" "api" {
  name            = local.base
  default_service = google_compute_backend_service.api.id
}

resource "google_compute_global_address" "api" {
  name = local.base
}

resource "google_compute_target_http_proxy" "api" {
  count   = local.https ? 0 : 1
  name    = local.base
  url_map = google_compute_url_map.api.id
}

resource "google_compute_managed_ssl_certificate" "api" {
  count = local.https ? 1 : 0
  name  = local.base
  managed {
    domains = [var.domain]
  }
}

resource "google_compute_target_https_proxy" "api" {
  count            = local.https ? 1 : 0
  name             = local.base
  url_map          = google_compute_url_map.api.id
  ssl_certificates = [google_compute_managed_ssl_certificate.api[0].id]
}

resource "google_compute_global_forwarding_rule" "api" {
  name                  = local.base
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_address            = google_compute_global_address.api.id
  port_range            = local.https ? "443" : "80"
  # the one proxy there is: HTTPS with a domain, else HTTP
  target = one(concat(
    google_compute_target_https_proxy.api[*].id, google_compute_target_http_proxy.api[*].id
  ))
}
