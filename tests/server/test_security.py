"""API keys (flag, environment, hashed key file), per-key rate limits, CORS and TLS."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import httpx
import openai
import pytest

from tests.deploy.conftest import require_unshare
from tests.server.conftest import GPTSHIP, MODEL, Server, log_records

CHAT = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}


def test_keys_from_a_flag_guard_every_route_but_health(chat_model: Path) -> None:
    server = Server(chat_model, "--api-key", "sk-first", "--api-key", "sk-second")
    try:
        with pytest.raises(openai.AuthenticationError) as e:
            server.client("sk-wrong").models.list()
        assert e.value.code == "invalid_api_key" and "sk-wrong" not in str(e.value)
        missing = httpx.post(f"{server.url}/v1/chat/completions", json=CHAT)
        assert missing.status_code == 401 and "Bearer" in missing.json()["error"]["message"]
        for key in ("sk-first", "sk-second"):
            assert server.client(key).chat.completions.create(**CHAT).choices  # type: ignore[call-overload]
        private = {**CHAT, "messages": [{"role": "user", "content": "classified-plan-7"}]}
        assert server.client("sk-first").chat.completions.create(**private).choices  # type: ignore[call-overload]
        assert httpx.get(f"{server.url}/health").status_code == 200
        assert httpx.get(f"{server.url}/ready").status_code == 200
        assert httpx.get(f"{server.url}/metrics").status_code == 401
        authorized = {"Authorization": "Bearer sk-first"}
        assert httpx.get(f"{server.url}/metrics", headers=authorized).status_code == 200
        for path in ("/tokenize", "/detokenize"):
            assert httpx.post(f"{server.url}{path}", json={"prompt": "x"}).status_code == 401
    finally:
        assert server.stop() == 0
    # the key's name is logged, never the key
    assert '"key": "key-1"' in server.log and "sk-first" not in server.log
    assert "classified-plan-7" not in server.log  # prompts are logged only with --log-prompts


def test_hashed_key_file_and_public_metrics(chat_model: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    made = subprocess.run(
        [GPTSHIP, "keys", "create", "--name", "portal", "--file", keys],
        capture_output=True,
        text=True,
        check=True,
    )
    key = made.stdout.strip()
    assert key and key not in keys.read_text()
    server = Server(chat_model, "--api-keys-file", str(keys), "--metrics-public")
    try:
        assert server.client(key).models.list().data[0].id == MODEL
        with pytest.raises(openai.AuthenticationError):
            server.client("gs-not-a-key").models.list()
        assert httpx.get(f"{server.url}/metrics").status_code == 200
    finally:
        assert server.stop() == 0


def test_key_from_the_environment_and_rate_limits(chat_model: Path) -> None:
    server = Server(chat_model, "--rate-limit-rpm", "2", env={"GPTSHIP_API_KEY": "sk-env"})
    try:
        headers = {"Authorization": "Bearer sk-env"}
        for remaining in ("1", "0"):
            ok = httpx.post(f"{server.url}/v1/chat/completions", json=CHAT, headers=headers)
            assert ok.status_code == 200
            assert ok.headers["x-ratelimit-limit-requests"] == "2"
            assert ok.headers["x-ratelimit-remaining-requests"] == remaining
        for stream in (False, True):
            limited = httpx.post(
                f"{server.url}/v1/chat/completions",
                json={**CHAT, "stream": stream},
                headers=headers,
            )
            assert limited.status_code == 429, limited.text
            assert limited.json()["error"]["code"] == "rate_limit_exceeded"
            assert int(limited.headers["retry-after"]) >= 1
            assert limited.headers["x-ratelimit-remaining-requests"] == "0"
    finally:
        assert server.stop() == 0


def test_cors_allow_list(chat_model: Path) -> None:
    server = Server(chat_model, "--cors-origin", "https://portal.example")
    try:
        preflight = {
            "Origin": "https://portal.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        }
        ok = httpx.options(f"{server.url}/v1/chat/completions", headers=preflight)
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://portal.example"
        other = httpx.options(
            f"{server.url}/v1/chat/completions",
            headers={**preflight, "Origin": "https://evil.example"},
        )
        assert "access-control-allow-origin" not in other.headers
    finally:
        assert server.stop() == 0


def test_tls(chat_model: Path, tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = Server.tls(chat_model, key, cert)
    try:
        r = httpx.get(f"{server.url}/v1/models", verify=server.verify)
        assert r.status_code == 200 and server.url.startswith("https://")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.url}/v1/models")  # an unknown certificate is refused
    finally:
        assert server.stop() == 0


def warnings_of(log: str) -> list[str]:
    return [str(r["message"]) for r in log_records(log) if r.get("level") == "warning"]


def test_a_key_on_the_command_line_is_warned_about(chat_model: Path) -> None:
    flagged = Server(chat_model, "--api-key", "sk-in-ps")
    assert flagged.stop() == 0
    (warning,) = [w for w in warnings_of(flagged.log) if "command line" in w]
    assert "GPTSHIP_API_KEY" in warning and "sk-in-ps" not in flagged.log
    quiet = Server(chat_model, env={"GPTSHIP_API_KEY": "sk-from-env"})
    assert quiet.stop() == 0
    assert not [w for w in warnings_of(quiet.log) if "command line" in w]


@pytest.mark.parametrize("keys", [(), ("--api-keys-file",)])
def test_a_public_address_without_keys_is_warned_about(
    chat_model: Path, tmp_path: Path, keys: tuple[str, ...]
) -> None:
    """0.0.0.0 inside a network namespace of its own: public there, reachable from nowhere."""
    require_unshare("-n")
    if keys:
        keys_file = tmp_path / "keys.json"
        subprocess.run([str(GPTSHIP), "keys", "create", "--name", "app", "--file", str(keys_file)],
                       check=True, capture_output=True)  # fmt: skip
        keys = (*keys, str(keys_file))
    command = [str(GPTSHIP), "serve", str(chat_model), "--host", "0.0.0.0", *keys]
    proc = subprocess.Popen(["unshare", "-n", *command], stderr=subprocess.PIPE, text=True)
    log = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # until it serves (or dies)
            log.append(line)
            if "serving" in line:
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        log.append(proc.communicate(timeout=30)[1])
    public = [w for w in warnings_of("".join(log)) if "no API key" in w]
    assert len(public) == (0 if keys else 1), log
