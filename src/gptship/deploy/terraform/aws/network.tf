# Two security groups: the load balancer's, open on its listener to client_cidrs, and the
# instances', open on the API port only, to the load balancer and api_cidrs. No SSH.

resource "aws_security_group" "lb" {
  name_prefix = "gptship-${var.name}-lb-"
  description = "gptship ${var.name}: the load balancer's listener"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "lb_listener" {
  for_each          = toset(var.client_cidrs)
  security_group_id = aws_security_group.lb.id
  description       = "clients"
  ip_protocol       = "tcp"
  from_port         = local.listener_port
  to_port           = local.listener_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "lb_to_instances" {
  security_group_id            = aws_security_group.lb.id
  description                  = "requests and health checks to the instances"
  ip_protocol                  = "tcp"
  from_port                    = var.api_port
  to_port                      = var.api_port
  referenced_security_group_id = aws_security_group.instances.id
}

resource "aws_security_group" "instances" {
  name_prefix = "gptship-${var.name}-"
  description = "gptship ${var.name}: the API port, from the load balancer"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "api_from_lb" {
  security_group_id            = aws_security_group.instances.id
  description                  = "the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.api_port
  to_port                      = var.api_port
  referenced_security_group_id = aws_security_group.lb.id
}

resource "aws_vpc_security_group_ingress_rule" "api_direct" {
  for_each          = toset(var.api_cidrs)
  security_group_id = aws_security_group.instances.id
  description       = "direct API clients"
  ip_protocol       = "tcp"
  from_port         = var.api_port
  to_port           = var.api_port
  cidr_ipv4         = each.value
}

# out: HTTPS to S3 and the package mirrors, HTTP to the mirrors (first boot installs
# python3-venv and awscli); the service itself reaches nothing (the unit's IPAddressDeny=)
resource "aws_vpc_security_group_egress_rule" "instances_out" {
  for_each          = toset(["80", "443"])
  security_group_id = aws_security_group.instances.id
  description       = "packages and S3"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.value)
  to_port           = tonumber(each.value)
  cidr_ipv4         = "0.0.0.0/0"
}
