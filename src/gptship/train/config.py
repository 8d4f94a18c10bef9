"""`gptship train`'s settings: each field is a flag (`--batch-tokens`) and a key of a
recipe file (`gptship train --config recipe.yaml`, e.g. examples/quillmere/train.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gptship.errors import GptshipError
from gptship.settings import setting


@dataclass(frozen=True)
class TrainConfig:
    # the field order is training.json's: keep it. (RUF009: `setting` returns a field)
    data: Path = setting(reason='chat JSONL: one {"messages": [...]} per line')  # noqa: RUF009
    out: Path = setting(reason="where to write the model directory")  # noqa: RUF009
    eval_data: Path | None = setting(None, "held-out conversations: an eval loss")  # noqa: RUF009
    base: Path | None = setting(None, "fine-tune this model instead of training a new one")  # noqa: RUF009
    lora: bool = setting(False, "with base: train a rank-lora-rank delta, merged on export")
    lora_rank: int = setting(16, "rank of the LoRA delta: small is cheap, large learns more")
    steps: int | None = setting(None, "optimizer steps (the schedule spans them)")
    # seconds in the field and training.json; minutes on the command line and in a recipe
    time_budget: float | None = setting(
        None, "stop after this many minutes (with steps: whichever comes first)", scale=60
    )
    batch_tokens: int = setting(8192, "tokens per optimizer step")
    lr: float | None = setting(
        None, "peak learning rate", unset="3e-3 new, 1e-4 full fine-tune, 1e-3 LoRA"
    )
    warmup: int = setting(30, "steps of linear warm-up: early steps move weights gently")
    weight_decay: float = setting(0.1, "AdamW's decoupled weight decay")
    seed: int = setting(0, "seeds the weights and the data order")
    question_noise: float = setting(
        0.0, "share of user-turn words dropped (a fresh draw each epoch, from epoch 2 on): the "
        "model must find a fact from the words that remain, not recall a phrasing"
    )  # fmt: skip
    question_distractors: float = setting(
        0.0, "chance of a run of 1-3 random corpus words before, and after, a user turn (from "
        "epoch 2): unseen greetings and sign-offs must not move the answer"
    )  # fmt: skip
    user_loss: float = setting(
        0.0, "weight of a loss on user turns (assistant turns: 1): a small model learns the "
        "questions' language, not only the answers"
    )  # fmt: skip
    dropout: float = setting(
        0.0, "share of attention and MLP outputs zeroed while training (the exported model "
        "has no dropout)"
    )  # fmt: skip
    eval_every: int = setting(50, "steps between held-out evaluations")
    checkpoint_every: float = setting(120.0, "seconds between checkpoints (and one at the end)")
    resume: bool = setting(False, "continue from out's checkpoint")
    device: str = setting("cpu", "cpu or cuda: float32 either way, so a run means the same")
    vocab_size: int = setting(4096, "new model: BPE vocabulary")
    hidden_size: int = setting(256, "new model: width")
    num_layers: int = setting(6, "new model: layers", name="layers")
    num_heads: int = setting(8, "new model: attention heads", name="heads")
    num_kv_heads: int = setting(4, "new model: key/value heads", name="kv_heads")
    intermediate_size: int = setting(704, "new model: MLP width")
    context: int = setting(1024, "new model: context length")

    def __post_init__(self) -> None:
        if self.steps is None and self.time_budget is None:
            raise GptshipError("say how long to train: --steps, --time-budget, or both")
        if self.lora and self.base is None:
            raise GptshipError("--lora adapts an existing model: pass --base MODEL_DIR too")
        for flag, rate in (
            ("--question-noise", self.question_noise),
            ("--question-distractors", self.question_distractors),
            ("--dropout", self.dropout),
        ):
            if not 0 <= rate < 1:
                raise GptshipError(f"{flag} is a share: pass a number from 0 up to 1 (got {rate})")
        if not 0 <= self.user_loss <= 1:
            raise GptshipError(f"--user-loss is a weight from 0 to 1 (got {self.user_loss})")
        import torch  # here: `gptship --help` builds its flags from this class

        if torch.device(self.device).type == "cuda" and not torch.cuda.is_available():
            raise GptshipError(
                f"--device {self.device}: torch {torch.__version__} sees no CUDA GPU (no GPU, "
                "no driver, or a CPU-only torch build); train with --device cpu"
            )

    @property
    def learning_rate(self) -> float:
        if self.lr is not None:
            return self.lr
        return 3e-3 if self.base is None else 1e-3 if self.lora else 1e-4
