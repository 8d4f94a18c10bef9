# An application load balancer: one listener (HTTPS with certificate_arn, else HTTP) that
# forwards to the instances, which count as healthy while GET /ready answers 200.

locals {
  https         = var.certificate_arn != null
  listener_port = local.https ? 443 : 80
}

resource "aws_lb" "api" {
  name                       = local.short
  load_balancer_type         = "application"
  internal                   = var.internal
  security_groups            = [aws_security_group.lb.id]
  subnets                    = var.subnet_ids
  idle_timeout               = 600 # a long completion may send nothing for minutes
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "api" {
  name                 = local.short
  vpc_id               = var.vpc_id
  port                 = var.api_port
  protocol             = "HTTP"
  deregistration_delay = 45 # the server drains for 30 s after SIGTERM
  health_check {
    path                = "/ready" # 503 while loading and while draining
    port                = "traffic-port"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "api" {
  load_balancer_arn = aws_lb.api.arn
  port              = local.listener_port
  protocol          = local.https ? "HTTPS" : "HTTP"
  certificate_arn   = var.certificate_arn
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
