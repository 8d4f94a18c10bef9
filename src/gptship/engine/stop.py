"""Why a sequence ends after taking a token: the one place a stop is decided."""

from __future__ import annotations

from collections.abc import Collection

from gptship.engine.request import Request, RequestStatus


def check_stop(
    req: Request,
    token: int,
    stop_string: str | None,
    stop_ids: Collection[int],
    max_model_len: int,
) -> RequestStatus | None:
    """The status `req` finishes with now that `token` is its last output token, or None to
    go on. `stop_string` is the stop string the token's text completed (the detokenizer
    finds it, honouring min_tokens). A stop string wins over a stop id, and both over the
    length limit reached on the same token. Sets `req.stop_reason` for a stop."""
    p = req.params
    if stop_string is not None:
        req.stop_reason = stop_string
        return RequestStatus.FINISHED_STOPPED
    num_out = len(req.output_token_ids)
    stop_id = token in p.stop_token_ids or (not p.ignore_eos and token in stop_ids)
    # a grammar ends on a stop id after its JSON, even under ignore_eos
    if (stop_id and num_out >= p.min_tokens) or (req.grammar and req.grammar.is_terminated):
        req.stop_reason = token
        return RequestStatus.FINISHED_STOPPED
    if num_out >= p.max_tokens or req.num_tokens >= max_model_len:
        return RequestStatus.FINISHED_LENGTH
    return None
