#!/usr/bin/env bash
# Release archives of the miner daemon, one per platform, with SHA-256 sums.
#
#   deploy/miner/package.sh [--out DIR] [--rid RID]... [--version V]
#
# Each RID is published self-contained (no .NET install needed on the rig) with the ONNX Runtime build for that
# platform, chosen in MinerClient.csproj by RuntimeIdentifier:
#   linux-x64    Microsoft.ML.OnnxRuntime.Gpu: CUDA and TensorRT providers (CUDA 13 and cuDNN 9 from the host), CPU
#   linux-arm64  Microsoft.ML.OnnxRuntime: CPU (Jetson; see JETSON.txt in the archive for JetPack's CUDA build)
#   osx-arm64    Microsoft.ML.OnnxRuntime: CoreML provider and CPU
#   win-x64      Microsoft.ML.OnnxRuntime.Gpu: CUDA and TensorRT providers, CPU
# Output: DIR/aitbc-miner-V-RID.tar.gz (win-x64: .zip), and DIR/SHA256SUMS in `sha256sum -c` format; the installers
# take the archive and its sum. Builds go to a scratch artifacts folder, so the source tree's bin/obj are untouched.
set -euo pipefail

readonly ALL_RIDS=(linux-x64 linux-arm64 osx-arm64 win-x64)
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${repo}/artifacts/miner"
version=""
rids=()

die() { echo "package.sh: error: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) [[ $# -ge 2 ]] || die "--out needs a value"; out="$2"; shift 2 ;;
        --rid) [[ $# -ge 2 ]] || die "--rid needs a value"; rids+=("$2"); shift 2 ;;
        --version) [[ $# -ge 2 ]] || die "--version needs a value"; version="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ ${#rids[@]} -gt 0 ]] || rids=("${ALL_RIDS[@]}")
for rid in "${rids[@]}"; do
    [[ " ${ALL_RIDS[*]} " == *" $rid "* ]] || die "unsupported RID '$rid' (supported: ${ALL_RIDS[*]})"
done
if [[ -z "$version" ]]; then
    version="$(git -C "$repo" describe --tags --always --dirty 2>/dev/null || echo dev)"
fi
[[ "$version" =~ ^[A-Za-z0-9._-]+$ ]] || die "--version may hold letters, digits, '.', '_' and '-' only"

mkdir -p "$out"
out="$(cd "$out" && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/aitbc-package.XXXXXX")"
trap 'rm -rf -- "$scratch"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

notes() {
    case "$1" in
        linux-x64|win-x64) echo "ONNX Runtime: Microsoft.ML.OnnxRuntime.Gpu (CUDA, TensorRT and CPU providers). CUDA 13 and cuDNN 9 come from the host's driver install; without them the miner falls back to the CPU and says why." ;;
        linux-arm64) echo "ONNX Runtime: Microsoft.ML.OnnxRuntime (CPU provider). For the Jetson GPU, see JETSON.txt." ;;
        osx-arm64) echo "ONNX Runtime: Microsoft.ML.OnnxRuntime (CoreML and CPU providers)." ;;
    esac
}

jetson_notes() {
    cat <<'TXT'
Using the Jetson GPU
====================
This build carries the CPU build of ONNX Runtime for linux-arm64: NuGet has no CUDA build for arm64. NVIDIA's
JetPack ships one (the onnxruntime-gpu wheel from the Jetson Zoo / jp6 index, or a source build with
--use_cuda --cuda_home /usr/local/cuda). To use it, replace libonnxruntime.so in this folder with the one from that
build (same ONNX Runtime major.minor as the managed assembly here, see BUILD-INFO.txt), keeping its
libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so beside it. On start the miner logs which
execution provider each device uses; with the stock library it says CUDA is unavailable and uses the CPU.
TXT
}

ort_version="$(sed -n 's/.*Include="Microsoft.ML.OnnxRuntime.Gpu" Version="\([^"]*\)".*/\1/p' "${repo}/Directory.Packages.props")"
sums=()
for rid in "${rids[@]}"; do
    name="aitbc-miner-${version}-${rid}"
    stage="${scratch}/${name}"
    echo "package.sh: publishing ${rid}" >&2
    dotnet publish "${repo}/MinerClient/MinerClient.csproj" -c Release -r "$rid" --self-contained true \
        --artifacts-path "${scratch}/artifacts" -o "$stage" -nodeReuse:false -v quiet -nologo \
        -p:DebugType=none -p:DebugSymbols=false >&2
    {
        echo "aitbc-miner ${version} for ${rid}"
        notes "$rid"
        echo "ONNX Runtime version: ${ort_version}"
        echo "native runtime: $(find "$stage" -maxdepth 1 -iname '*onnxruntime*' ! -name 'Microsoft.ML.OnnxRuntime.dll' -printf '%f ')"
    } > "${stage}/BUILD-INFO.txt"
    [[ "$rid" == linux-arm64 ]] && jetson_notes > "${stage}/JETSON.txt"
    if [[ "$rid" == win-* ]]; then
        archive="${name}.zip"
        (cd "$scratch" && zip -qr -X "${out}/${archive}" "$name")
    else
        archive="${name}.tar.gz"
        tar -C "$scratch" -czf "${out}/${archive}" --owner=0 --group=0 "$name"
    fi
    rm -rf -- "$stage"
    sums+=("$archive")
    echo "package.sh: ${out}/${archive}" >&2
done

(cd "$out" && sha256sum -- "${sums[@]}" > SHA256SUMS)
cat "${out}/SHA256SUMS"
