"""The key file (hashes only, 0600, atomic) and KeyStore.verify (constant time, every key)."""

from __future__ import annotations

import json
import re
import secrets
import stat
from pathlib import Path

import pytest

from gptship.errors import GptshipError
from gptship.server.keys import (
    ApiKey,
    KeyStore,
    create_key,
    hash_key,
    list_keys,
    revoke_key,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "api-keys.json"


def test_the_file_holds_only_a_hash_with_mode_0600(path: Path) -> None:
    plain = create_key(path, "alice", rpm=60)
    assert re.fullmatch(r"gs-[A-Za-z0-9_-]{43}", plain)
    text = path.read_text()
    assert plain not in text and plain.removeprefix("gs-") not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    (entry,) = json.loads(text)["keys"]
    assert entry["sha256"] == hash_key(plain)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["created"])
    assert [p.name for p in path.parent.iterdir()] == ["api-keys.json"]  # no temp file left


def test_create_list_revoke_round_trip(path: Path) -> None:
    create_key(path, "alice", rpm=60)
    create_key(path, "bob.v2_x-1", tpm=10_000)
    keys = [e.key for e in list_keys(path)]
    assert keys == [ApiKey("alice", 60, None), ApiKey("bob.v2_x-1", None, 10_000)]
    revoke_key(path, "alice")
    assert [e.key.name for e in list_keys(path)] == ["bob.v2_x-1"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keys_are_different_each_time(path: Path) -> None:
    assert create_key(path, "a") != create_key(path, "b")


def test_duplicate_and_invalid_names_are_refused(path: Path) -> None:
    create_key(path, "alice")
    with pytest.raises(GptshipError, match=r"'alice' already exists in .*revoke"):
        create_key(path, "alice")
    for bad in ["", "has space", "slash/name", "é", "x" * 65]:
        with pytest.raises(GptshipError, match="bad key name"):
            create_key(path, bad)
    with pytest.raises(GptshipError, match="--rpm 0"):
        create_key(path, "bob", rpm=0)
    assert [e.key.name for e in list_keys(path)] == ["alice"]


def test_revoke_unknown_name_and_missing_file(path: Path) -> None:
    with pytest.raises(GptshipError, match=f"no API key file at {re.escape(str(path))}"):
        list_keys(path)
    with pytest.raises(GptshipError, match="no API key file"):
        revoke_key(path, "alice")
    create_key(path, "alice")
    with pytest.raises(GptshipError, match=r"no key named 'bob' in .*gptship keys list"):
        revoke_key(path, "bob")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "is not a key file"),
        ('{"keys": [1]}', r"keys\[0\]: expected an object"),
        ('{"keys": [{"name": "a b", "sha256": "' + "0" * 64 + '", "created": ""}]}', "'name'"),
        ('{"keys": [{"name": "a", "sha256": "abc", "created": ""}]}', "'sha256'"),
        ('{"keys": [{"name": "a", "sha256": "' + "0" * 64 + '"}]}', "'created'"),
        (
            '{"keys": [{"name": "a", "sha256": "' + "0" * 64 + '", "created": "",'
            ' "tokens_per_minute": -1}]}',
            "'tokens_per_minute'",
        ),
    ],
)
def test_a_corrupt_file_names_itself_and_the_fix(path: Path, text: str, message: str) -> None:
    path.parent.mkdir()
    path.write_text(text)
    for call in (lambda: list_keys(path), lambda: create_key(path, "x")):
        with pytest.raises(GptshipError, match=message) as info:
            call()
        assert str(path) in str(info.value) and "fix it" in str(info.value)
        assert "\n" not in str(info.value)


def test_verify_accepts_the_right_key_only(path: Path) -> None:
    alice, bob = create_key(path, "alice", rpm=5), create_key(path, "bob")
    store = KeyStore.load(file=path, environ={})
    assert store.enabled
    assert store.verify(alice) == ApiKey("alice", 5, None)
    assert store.verify(bob) == ApiKey("bob")
    for wrong in ["", alice[:-1], alice + "x", hash_key(alice), "gs-" + "A" * 43]:
        assert store.verify(wrong) is None


@pytest.mark.parametrize("which", [0, 2, None])
def test_verify_compares_against_every_key_in_constant_time(
    monkeypatch: pytest.MonkeyPatch, which: int | None
) -> None:
    plain = ["k-one", "k-two", "k-three"]
    store = KeyStore.load(api_key=",".join(plain), environ={})
    calls: list[tuple[bytes, bytes]] = []
    real = secrets.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    presented = "nope" if which is None else plain[which]
    expected = None if which is None else ApiKey(f"key-{which + 1}")
    assert store.verify(presented) == expected
    assert len(calls) == 3
    assert all(isinstance(a, bytes) and len(a) == len(b) == 32 for a, b in calls)


def test_plain_keys_from_the_flag_or_the_environment() -> None:
    env = {"GPTSHIP_API_KEY": " env-a , ,env-b "}
    from_env = KeyStore.load(environ=env)
    assert from_env.verify("env-a") == ApiKey("key-1")
    assert from_env.verify("env-b") == ApiKey("key-2")
    from_flag = KeyStore.load(api_key="flag", environ=env)  # the flag wins over the env
    assert from_flag.verify("flag") == ApiKey("key-1") and from_flag.verify("env-a") is None
    repeated = KeyStore.load(api_key=("a,b", "c"), environ=env)  # a flag given several times
    assert [repeated.verify(k) for k in "abc"] == [ApiKey(f"key-{i}") for i in (1, 2, 3)]
    assert KeyStore.load(api_key=(), environ=env).verify("env-a") == ApiKey("key-1")


def test_flag_keys_and_a_key_file_together(path: Path) -> None:
    alice = create_key(path, "alice")
    store = KeyStore.load(environ={"GPTSHIP_API_KEY": "plain", "GPTSHIP_API_KEYS_FILE": str(path)})
    assert store.verify("plain") == ApiKey("key-1")
    assert store.verify(alice) == ApiKey("alice")
    create_key(path, "key-1")
    with pytest.raises(GptshipError, match="named 'key-1'"):
        KeyStore.load(api_key="plain", file=str(path), environ={})


def test_no_keys_configured_disables_auth_but_an_empty_file_does_not(path: Path) -> None:
    assert not KeyStore.load(environ={}).enabled
    assert not KeyStore.load(environ={"GPTSHIP_API_KEY": ""}).enabled
    create_key(path, "alice")
    revoke_key(path, "alice")
    store = KeyStore.load(file=path, environ={})
    assert store.enabled and store.verify("anything") is None
    assert store  # truthy even when empty: `keys or KeyStore(...)` must not open the server
    with pytest.raises(GptshipError, match="no API key file"):
        KeyStore.load(file=path.with_name("missing.json"), environ={})


def test_a_running_store_sees_creates_and_revokes(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    first = create_key(path, "first")
    now = [0.0]
    store = KeyStore.load(file=path, environ={}, clock=lambda: now[0])
    assert store.verify(first) == ApiKey("first")
    second = create_key(path, "second")
    revoke_key(path, "first")
    assert store.verify(second) is None  # checked at most once a second
    now[0] += 1.5
    assert store.verify(second) == ApiKey("second")
    assert store.verify(first) is None
    path.unlink()  # a deleted file revokes every key in it, and the store stays locked
    now[0] += 1.5
    assert store.verify(second) is None and store.enabled
