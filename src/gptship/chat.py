"""`gptship chat`: a conversation in the terminal, with a model directory or an OpenAI API.

Replies go to stdout and everything else (banner, prompts, notices) to stderr, so a script can
pipe in one line per user turn and read back only the replies.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import signal
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

import httpx

from gptship.errors import GptshipError

if TYPE_CHECKING:
    from gptship.engine.engine import LLMEngine

Message = dict[str, str]

HELP = """\
  /reset  forget the conversation (the system prompt stays)
  /help   show this
  /exit   leave (so does Ctrl-D); Ctrl-C stops a reply and keeps what it said
"""


class TurnError(GptshipError):
    """Only this turn failed (history too long, rate limited): an interactive chat goes on."""


@dataclasses.dataclass(frozen=True)
class Sampling:
    """Per-reply sampling; the field names are SamplingParams' own."""

    temperature: float | None = None  # None: the model's default; 0 is greedy
    max_tokens: int = 512  # per reply
    seed: int | None = None  # None: a fresh draw each reply


class Backend(Protocol):
    name: str  # what the banner says it talks to

    def stream(self, messages: list[Message]) -> Generator[str, None, None]:
        """The reply's text as it is generated; closing the generator cancels the request."""

    def cancel(self) -> None:
        """Stop the reply being generated, if there is one."""


def open_backend(
    model_dir: Path | None,
    url: str | None,
    sampling: Sampling,
    *,
    api_key: str | None = None,
    model: str | None = None,
    device: str = "cpu",
    dtype: str = "auto",
) -> Backend:
    if (model_dir is None) == (url is None):
        raise GptshipError("pass a model directory or --url http://HOST:PORT/v1, one of the two")
    if url is not None:
        return HttpBackend(url, api_key, model, sampling)
    if model is not None:
        raise GptshipError("--model names a model at --url; a model directory is its own model")
    assert model_dir is not None
    return LocalBackend.load(model_dir, device, dtype, sampling)


def run(backend: Backend, system: str | None, stdin: TextIO, out: TextIO, err: TextIO) -> None:
    """Read turns until /exit or end of input; each reply streams to `out`, then a newline.
    Interactively a failed turn is reported and dropped; from a script it ends the chat."""
    interactive = stdin.isatty()
    base = [{"role": "system", "content": system}] if system else []
    history: list[Message] = []
    if interactive:
        err.write(f"chatting with {backend.name}; /help lists commands\n")
    for line in _turns(stdin, out, err, interactive):
        text = line.strip()
        if text in ("/exit", "/quit"):
            return
        if text == "/reset":
            history.clear()
            err.write("(the conversation is forgotten)\n")
        elif text == "/help":
            err.write(HELP)
        elif text.startswith("/") and " " not in text:
            err.write(f"unknown command {text}; /help lists them\n")
        elif text:
            turn = {"role": "user", "content": text}
            try:
                reply = _reply(backend, [*base, *history, turn], out, err)
            except TurnError as e:
                if not interactive:
                    raise
                err.write(f"error: {e}\n")
                continue
            if reply is not None:
                history += [turn, {"role": "assistant", "content": reply}]


def _turns(stdin: TextIO, out: TextIO, err: TextIO, interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from stdin
        return
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - line editing and history for input()
    # input() writes its prompt to stdout (readline redraws it there): only if that's a terminal
    prompt = "> " if out.isatty() else ""
    while True:
        err.write("" if prompt else "> ")
        err.flush()
        try:
            yield input(prompt)
        except EOFError:
            err.write("\n")
            return
        except KeyboardInterrupt:
            err.write("\n(/exit or Ctrl-D leaves)\n")


def _reply(backend: Backend, messages: list[Message], out: TextIO, err: TextIO) -> str | None:
    """Stream one reply to `out`, then a newline. Ctrl-C stops it: what was shown is kept
    as the reply (None if nothing was)."""
    parts: list[str] = []
    stopped = False
    stream = backend.stream(messages)
    try:
        for text in stream:
            out.write(text)
            out.flush()
            parts.append(text)
    except KeyboardInterrupt:
        backend.cancel()
        stopped = True
    except GptshipError:
        out.write("\n" if parts else "")  # the error's line on stderr starts a line
        out.flush()
        raise
    finally:
        stream.close()
    out.write("\n")
    out.flush()
    if stopped:
        err.write("(stopped)\n")
        return "".join(parts) or None
    return "".join(parts)


class LocalBackend:
    """gptship's own engine in this process, one request at a time."""

    def __init__(self, engine: LLMEngine, sampling: Sampling, name: str = "a local model") -> None:
        from gptship.sampling import SamplingParams

        assert engine.tokenizer is not None  # from_dir always loads one
        self.engine, self.tokenizer, self.name = engine, engine.tokenizer, name
        # gptship's plain-text default template would go on to write the user's next turn
        stop = () if self.tokenizer.has_chat_template else ("\nUser:",)
        # what the user left out, the model's generation_config.json decides, as on the server
        chosen = {k: v for k, v in dataclasses.asdict(sampling).items() if v is not None}
        self.params = SamplingParams(
            **{**chosen, **self.tokenizer.sampling_defaults.fill(chosen)}, stop=stop
        )
        self._ids = itertools.count()
        self._running: str | None = None

    @classmethod
    def load(cls, model_dir: Path, device: str, dtype: str, sampling: Sampling) -> LocalBackend:
        from gptship.config import EngineConfig
        from gptship.engine.engine import LLMEngine

        config = EngineConfig(device=device, dtype=dtype, max_num_seqs=1)
        return cls(LLMEngine.from_dir(model_dir, config), sampling, Path(model_dir).name)

    def stream(self, messages: list[Message]) -> Generator[str, None, None]:
        rid = f"chat-{next(self._ids)}"
        with _uninterrupted():
            try:
                prompt = self.tokenizer.encode_chat(messages)
                self.engine.validate(prompt, self.params)
                self.engine.add_request(rid, prompt, self.params)
            except GptshipError as e:  # the history outgrew the context; a template refusal
                raise TurnError(str(e)) from None
            self._running = rid
        try:
            while self._running == rid:
                with _uninterrupted():
                    outputs = [o for o in self.engine.step() if o.request_id == rid]
                for out in outputs:
                    if out.finished:
                        self._running = None
                    if text := out.outputs[0].text:
                        yield text
        finally:
            self.cancel()

    def cancel(self) -> None:
        rid, self._running = self._running, None
        if rid is not None:
            with _uninterrupted():
                self.engine.abort(rid)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold a Ctrl-C until the block is done: an engine step cut in half would leave the
    scheduler and the KV blocks half updated."""
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    pending: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pending:
        raise KeyboardInterrupt


class HttpBackend:
    """Any OpenAI-compatible API: POST /chat/completions with stream: true, read as SSE."""

    def __init__(
        self, url: str, api_key: str | None, model: str | None, sampling: Sampling
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise GptshipError(f"--url {url}: must start with http:// or https://")
        self.url, self.sampling = url.rstrip("/"), sampling
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        timeout = httpx.Timeout(600.0, connect=10.0)  # a long queue must not end the chat
        self.client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)
        self._response: httpx.Response | None = None
        # the first request checks the address and the key before anyone types
        self.model = model or self._first_model()
        self.name = f"{self.model} at {self.url}"

    def _first_model(self) -> str:
        with contextlib.closing(self._send("GET", "models")) as response:
            try:
                data = json.loads(response.read())
                return str(data["data"][0]["id"])
            except (ValueError, LookupError, TypeError):
                raise GptshipError(
                    f"{self.url}/models: lists no models; name one with --model"
                ) from None

    def stream(self, messages: list[Message]) -> Generator[str, None, None]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "stream": True,
            "max_tokens": self.sampling.max_tokens,
        }
        for name in ("temperature", "seed"):  # left out: the server's default
            if (value := getattr(self.sampling, name)) is not None:
                body[name] = value
        self._response = response = self._send("POST", "chat/completions", body)
        try:
            for event in _events(response.iter_lines()):
                for choice in event.get("choices") or []:
                    text = (choice.get("delta") or {}).get("content")
                    if isinstance(text, str) and text:
                        yield text
        except httpx.TransportError as e:
            raise GptshipError(f"{self.url}: the reply broke off ({_one_line(e)})") from None
        finally:
            self.cancel()

    def cancel(self) -> None:
        # closing a half-read response closes its connection: the server aborts the request
        response, self._response = self._response, None
        if response is not None:
            response.close()

    def _send(self, method: str, path: str, body: Any = None) -> httpx.Response:
        request = self.client.build_request(method, path, json=body)
        try:
            response = self.client.send(request, stream=True)
        except httpx.TransportError as e:
            raise GptshipError(
                f"cannot reach {self.url} ({_one_line(e)}); is the server running?"
            ) from None
        if response.is_success:
            return response
        with contextlib.closing(response):
            response.read()
        try:
            body = response.json()
        except ValueError:
            body = None
        status, message = response.status_code, _message(body, response.reason_phrase)
        where = f"{self.url}/{path}: HTTP {status}"
        if status == 401:
            message += " (--api-key, or GPTSHIP_API_KEY or OPENAI_API_KEY)"
        elif status == 404 and path == "models":
            message += f" (is {self.url} the API's base URL, like http://HOST:PORT/v1?)"
        error = TurnError if status in (400, 413, 422, 429) else GptshipError
        raise error(f"{where}: {message}")


def _events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """The JSON events of a Server-Sent Events stream, up to `data: [DONE]`; an error event
    (the status line was already sent) raises with its message."""
    for line in lines:
        if not line.startswith("data:"):
            continue  # blank separators, `: comments`, event names
        data = line.removeprefix("data:").strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except ValueError:
            raise GptshipError(f"the server sent an event that is not JSON: {data[:80]}") from None
        if isinstance(event, dict) and "error" in event:
            raise TurnError(f"the reply failed: {_message(event, 'no details')}")
        if isinstance(event, dict):
            yield event


def _message(body: Any, default: str) -> str:
    """OpenAI's {"error": {"message": ...}}, or the bare error string some servers send."""
    error = body.get("error") if isinstance(body, dict) else None
    error = error.get("message") if isinstance(error, dict) else error
    return _one_line(error) if isinstance(error, str) and error.strip() else default


def _one_line(text: object) -> str:
    return " ".join(str(text).split())
