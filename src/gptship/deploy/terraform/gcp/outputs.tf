output "endpoint" {
  description = "The OpenAI-compatible API: pass it as base_url."
  value       = local.https ? "https://${var.domain}/v1" : "http://${google_compute_global_address.api.address}/v1"
}

output "address" {
  description = "The load balancer's address: point the domain's A record here."
  value       = google_compute_global_address.api.address
}

output "instance_group" {
  description = "The managed instance group (gcloud compute instance-groups managed list-instances)."
  value       = google_compute_region_instance_group_manager.api.name
}
