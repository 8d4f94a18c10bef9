#!/usr/bin/env bash
# The checks that need a CUDA GPU, in one go: the GPU tests, then the throughput and
# attention benchmarks on the GPU. Logs go to $OUT (default: ./gpu-checks).
#   scripts/gpu-checks.sh            # from the repository root, with torch for CUDA installed
set -uo pipefail
OUT=${OUT:-gpu-checks}
mkdir -p "$OUT"
export PYTHONPATH="$PWD/src:$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
PY=${PYTHON:-python3}

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
$PY -c "import torch, transformers; print('torch', torch.__version__, 'transformers', transformers.__version__)" | tee -a "$OUT/gpu.txt"

# -p no:warnings: the suite turns warnings into errors for the pinned versions; another
# torch build on a GPU machine may warn where ours does not
timeout "${TEST_TIMEOUT:-180}" $PY -m pytest tests/gpu -q -p no:warnings -p no:cacheprovider 2>&1 \
    | tee "$OUT/gpu-tests.log"

timeout "${BENCH_TIMEOUT:-300}" $PY -m gptship.bench.throughput --device cuda \
    --engines gptship gptship-eager transformers --workdir "${BENCH_WORKDIR:-/tmp/gptship-bench}" \
    --markdown "$OUT/throughput.md" 2>&1 | tee "$OUT/throughput.log"

timeout "${ATTENTION_TIMEOUT:-120}" $PY -m benchmarks.attention --device cuda --flex 2>&1 \
    | tee "$OUT/attention.log"
