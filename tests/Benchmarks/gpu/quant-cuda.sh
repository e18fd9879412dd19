#!/usr/bin/env bash
# Device check for issue 15: the fp16 and int8 variants on a GPU. Each variant is made on the CPU as the cluster makes
# it, then loaded with ONNX Runtime's CUDA provider and CPU fallback disabled (so a variant that loads runs every node
# on the GPU), measured against fp32 on the GPU (1,000 generated inputs) and timed against fp32 (batch 1 and 64).
#
# Needs on the machine: an NVIDIA GPU and driver, the CUDA 13 and cuDNN 9 libraries where ONNX Runtime 1.31 finds
# them (LD_LIBRARY_PATH), and the .NET 10 SDK with the NuGet packages restorable or already restored. ONNX Runtime's
# CUDA provider library alone is 284 MB, so it comes from the NuGet restore on that machine, not from a carried folder.
#
# Output: $OUT/gpu.txt and $OUT/quant-cuda.md (or the current directory without $OUT). Exit code 3 when a variant does
# not run on the GPU or misses its tolerance there, 1 when the scenario failed, 0 otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
out="${OUT:-.}"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
dotnet run -c Release --project tests/Benchmarks -- --scenario quant-cuda --no-append --fail-on-miss \
    --label "Device check of the quantized variants on $(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1)" \
    2>&1 | tee "$out/quant-cuda.md"
