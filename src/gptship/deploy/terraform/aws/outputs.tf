output "endpoint" {
  description = "The OpenAI-compatible API: pass it as base_url."
  value       = "${local.https ? "https" : "http"}://${aws_lb.api.dns_name}/v1"
}

output "autoscaling_group" {
  description = "The autoscaling group (aws autoscaling describe-auto-scaling-groups)."
  value       = aws_autoscaling_group.api.name
}
