"""Prometheus metrics, prefixed gptship_: one registry per app (no process globals), HTTP
and latency figures recorded as requests go, engine gauges read at scrape time."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from gptship.engine.client import EngineClient

# seconds: from a few ms (GPU decode) to minutes (long CPU generations)
_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
_TOKEN_LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.06, 0.1, 0.2, 0.5, 1, 2.5)


class Metrics:
    def __init__(self, engine: EngineClient) -> None:
        self.registry = r = CollectorRegistry()
        self.requests = Counter(
            "gptship_requests",
            "HTTP requests by endpoint and status code.",
            ["endpoint", "status"],
            registry=r,
        )
        self.rejected = Counter(
            "gptship_rejected_requests",
            "Requests refused before generation, by reason.",
            ["reason"],
            registry=r,
        )
        self.ttft = Histogram(
            "gptship_time_to_first_token_seconds",
            "Arrival to the first generated token.",
            buckets=_LATENCY,
            registry=r,
        )
        self.itl = Histogram(
            "gptship_inter_token_latency_seconds",
            "Time between generated tokens.",
            buckets=_TOKEN_LATENCY,
            registry=r,
        )
        self.e2e = Histogram(
            "gptship_e2e_request_latency_seconds",
            "Arrival to the last token.",
            buckets=_LATENCY,
            registry=r,
        )
        self.queue_time = Histogram(
            "gptship_request_queue_time_seconds",
            "Arrival to the first scheduled step.",
            buckets=_LATENCY,
            registry=r,
        )
        self.prompt_tokens = Counter(
            "gptship_prompt_tokens", "Prompt tokens of finished requests.", registry=r
        )
        self.generation_tokens = Counter(
            "gptship_generation_tokens", "Generated tokens.", registry=r
        )
        r.register(_EngineCollector(engine))


class _EngineCollector(Collector):
    """The engine's last published EngineStats, at scrape time: at most one step old."""

    def __init__(self, engine: EngineClient) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        stats = self.engine.stats()
        gauges = [
            ("gptship_requests_running", "Sequences in the running batch.", stats.running),
            ("gptship_requests_waiting", "Sequences waiting to be scheduled.", stats.waiting),
            ("gptship_kv_cache_usage_ratio", "Fraction of KV blocks in use.", stats.kv_usage),
            ("gptship_kv_cache_blocks", "KV blocks in the pool.", stats.kv_blocks),
            ("gptship_kv_cache_blocks_used", "KV blocks held by requests.", stats.kv_blocks_used),
            (
                "gptship_prefix_cache_hit_ratio",
                "Prompt tokens served from the prefix cache, over those looked up.",
                stats.prefix_hit_ratio,
            ),
            ("gptship_engine_up", "1 while the engine loop runs.", float(stats.error is None)),
        ]
        for name, help_text, value in gauges:
            yield GaugeMetricFamily(name, help_text, value=value)
        counters = [
            (
                "gptship_prefix_cache_queries",
                "Prompt tokens looked up in the prefix cache.",
                stats.prefix_queries,
            ),
            (
                "gptship_prefix_cache_hits",
                "Prompt tokens found in the prefix cache.",
                stats.prefix_hits,
            ),
            ("gptship_preemptions", "Requests preempted for lack of KV blocks.", stats.preemptions),
        ]
        for name, help_text, value in counters:
            yield CounterMetricFamily(name, help_text, value=value)
