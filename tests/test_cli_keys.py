"""`gptship keys create|list|revoke`, through a local Typer app that mounts keys_app."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from gptship.cli_keys import keys_app
from gptship.server.keys import KeyStore, hash_key

app = typer.Typer()
app.add_typer(keys_app, name="keys")


def keys(*args: object, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, ["keys", *map(str, args)], env=env, catch_exceptions=False)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GPTSHIP_API_KEYS_FILE", raising=False)
    return tmp_path / "home"


def test_create_prints_the_key_once_and_stores_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    result = keys("create", "--name", "alice", "--file", path, "--rpm", 60)
    assert result.exit_code == 0, result.output
    plain = result.stdout.strip()
    assert plain.startswith("gs-") and "\n" not in plain
    assert "cannot be shown again" in result.stderr
    assert plain not in path.read_text() and hash_key(plain) in path.read_text()
    assert KeyStore.load(file=path, environ={}).verify(plain) is not None


def test_default_file_is_under_the_home_config_with_private_modes(home: Path) -> None:
    assert keys("create", "--name", "alice").exit_code == 0
    path = home / ".config" / "gptship" / "api-keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_environment_names_the_file(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "env-keys.json"
    env = {"GPTSHIP_API_KEYS_FILE": str(path)}
    assert keys("create", "--name", "alice", env=env).exit_code == 0
    assert path.exists() and not (home / ".config").exists()
    assert "alice" in keys("list", env=env).stdout


def test_list_shows_names_and_limits_but_never_hashes(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    plain = keys("create", "--name", "alice", "--file", path, "--tpm", 40000).stdout.strip()
    keys("create", "--name", "bob", "--file", path, "--rpm", 5)
    result = keys("list", "--file", path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "alice" in out and "bob" in out and "40,000" in out and "default" in out
    assert hash_key(plain) not in out and hash_key(plain)[:8] not in out and plain not in out


def test_a_key_scoped_to_assistants(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    plain = keys("create", "--name", "portal", "--file", path, "--model", "support").stdout
    keys("create", "--name", "desk", "--file", path, "--model", "support", "--model", "hr")
    key = KeyStore.load(file=path, environ={}).verify(plain.strip())
    assert key is not None and key.models == ("support",)
    listed = keys("list", "--file", path).stdout
    assert "support, hr" in listed and "all" not in listed


def test_revoke_then_list(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    keys("create", "--name", "alice", "--file", path)
    result = keys("revoke", "alice", "--file", path)
    assert result.exit_code == 0 and "within a second" in result.stdout
    assert "No keys" in keys("list", "--file", path).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list"], "no API key file at"),
        (["revoke", "bob"], "no API key file at"),
        (["create", "--name", "bad name"], "bad key name"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = keys(*args, "--file", tmp_path / "keys.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_duplicate_names_and_corrupt_files(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    keys("create", "--name", "alice", "--file", path)
    result = keys("create", "--name", "alice", "--file", path)
    assert result.exit_code == 2 and "already exists" in result.stderr
    path.write_text("{oops")
    result = keys("list", "--file", path)
    assert result.exit_code == 2 and "is not valid JSON" in result.stderr
