#!/usr/bin/env bash
# One-shot training bench on a lent GPU machine (issue 16): x86-64, Python + torch, no Node, no browser,
# no network. Run from the repository root with out/device/ carried (made here by
# `node scripts/device-bench-pack.mjs`). Writes $OUT/*.json (and $OUT/*.log); each step has its own time
# limit (together 465 s at worst, ~3 min expected) so one call stays under 8 minutes, and a failing step
# leaves the others' results.
#   $OUT/gpu.json            nvidia-smi's GPU name, driver, memory
#   $OUT/torch-cuda.json     PyTorch on the GPU, every shape (GRU/LSTM via cuDNN), batch 64, Adam
#   $OUT/torch-cpu-1.json    PyTorch CPU, one thread (the tfjs wasm comparison)
#   $OUT/torch-cpu-all.json  PyTorch CPU, every core
#   $OUT/tfjs-webgpu.json    tfjs WebGPU (Dawn's Node bindings on the GPU's Vulkan driver): fused vs reference, kernels per batch
#   $OUT/tfjs-wasm.json      tfjs wasm backend in Node on this machine's CPU (one thread)
#   $OUT/tfjs-cpu.json       tfjs cpu backend in Node, GRU32 and GRU64 only
#   $OUT/summary.json        what ran, what did not and why
# Env: DEVICE_BENCH_SHAPES (GRU32,GRU64,GRU128,LSTM64), DEVICE_BENCH_RUNS (3).
set -u
OUT=${OUT:?set OUT to the results folder}
PKG=${DEVICE_BENCH_PKG:-out/device}
SHAPES=${DEVICE_BENCH_SHAPES:-GRU32,GRU64,GRU128,LSTM64}
RUNS=${DEVICE_BENCH_RUNS:-3}
# the first Python that has torch
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for p in python3 /usr/bin/python3 python; do
    if command -v "$p" >/dev/null && "$p" -c 'import torch' 2>/dev/null; then PY=$p; break; fi
  done
  PY=${PY:-python3}
fi
WORK=$(mktemp -d)
mkdir -p "$OUT"
notes=()
note() { notes+=("$1"); echo "device-bench: $1" >&2; }
step() { # name seconds outfile cmd...
  local name=$1 secs=$2 file=$3; shift 3
  local t0=$SECONDS
  timeout --kill-after=10 "$secs" "$@" >"$OUT/$file" 2>"$OUT/$name.log"
  local rc=$?
  note "$name: exit $rc after $((SECONDS - t0)) s"
  [ "$rc" = 0 ] || tail -5 "$OUT/$name.log" >&2
  return $rc
}

# -- the GPU --
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >"$WORK/gpu.csv" 2>&1
  "$PY" - "$WORK/gpu.csv" >"$OUT/gpu.json" <<'EOF'
import json, sys
rows = [l.strip() for l in open(sys.argv[1]) if l.strip()]
print(json.dumps({"gpus": [dict(zip(["name", "driver", "memory"], [c.strip() for c in r.split(",")])) for r in rows]}))
EOF
else
  note "no nvidia-smi"
fi

# -- PyTorch: GPU, then CPU with one thread and with every core --
step torch-cuda 60 torch-cuda.json "$PY" bench/torch_rnn.py --device cuda --threads "$(nproc)" --batches 20 --runs "$RUNS"
step torch-cpu-1 60 torch-cpu-1.json "$PY" bench/torch_rnn.py --device cpu --threads 1 --batches 4 --runs "$RUNS"
step torch-cpu-all 30 torch-cpu-all.json "$PY" bench/torch_rnn.py --device cpu --threads "$(nproc)" --batches 4 --runs "$RUNS"

# -- Node: unpacked from the carried xz files with Python's lzma (no xz needed) --
if [ -f "$PKG/node.xz" ] && [ -f "$PKG/device-node.mjs" ]; then
  "$PY" - "$PKG" "$WORK" <<'EOF'
import lzma, os, shutil, sys
pkg, work = sys.argv[1], sys.argv[2]
for name in ("node", "dawn.node"):
    src = os.path.join(pkg, name + ".xz")
    if os.path.exists(src):
        with lzma.open(src) as f, open(os.path.join(work, name), "wb") as g:
            shutil.copyfileobj(f, g, 1 << 20)
os.chmod(os.path.join(work, "node"), 0o755)
EOF
  NODE=$WORK/node
  "$NODE" --version >/dev/null 2>&1 || { note "the carried Node binary does not run here: $("$NODE" --version 2>&1 | head -1)"; NODE=; }
else
  note "no $PKG/node.xz: run node scripts/device-bench-pack.mjs before the device run and carry out/device"
  NODE=
fi

if [ -n "$NODE" ]; then
  # Vulkan for Dawn: the system's loader, else the carried one; the NVIDIA ICD from the driver's json,
  # else one written here for libGLX_nvidia.so.0 (the driver's Vulkan entry points) when that library exists.
  export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$PKG
  if [ -z "${VK_ICD_FILENAMES:-}" ]; then
    icd=$(ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json 2>/dev/null | head -1)
    if [ -z "$icd" ]; then
      glx=$( (ldconfig -p 2>/dev/null | awk '/libGLX_nvidia\.so\.0/{print $NF; exit}'); ls /usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0 /usr/lib64/libGLX_nvidia.so.0 /usr/local/nvidia/lib64/libGLX_nvidia.so.0 2>/dev/null | head -1)
      glx=$(echo "$glx" | head -1)
      if [ -n "$glx" ]; then
        icd=$WORK/nvidia_icd.json
        printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$glx" >"$icd"
        note "no NVIDIA Vulkan ICD json; wrote one for $glx"
      else
        note "no NVIDIA Vulkan driver (no nvidia_icd.json, no libGLX_nvidia.so.0: the container has compute-only driver libraries), so tfjs WebGPU cannot reach the GPU"
      fi
    fi
    [ -n "$icd" ] && export VK_ICD_FILENAMES=$icd
  fi
  if [ -n "${VK_ICD_FILENAMES:-}" ] && [ -f "$WORK/dawn.node" ]; then
    step tfjs-webgpu 180 tfjs-webgpu.json "$NODE" "$PKG/device-node.mjs" --backends webgpu --dawn "$WORK/dawn.node" --dawn-option backend=vulkan \
      --shapes "$SHAPES" --runs "$RUNS" --batches-webgpu 4
  fi
  step tfjs-wasm 90 tfjs-wasm.json "$NODE" "$PKG/device-node.mjs" --backends wasm --wasm-dir "$PKG" --shapes "$SHAPES" --runs "$RUNS" --batches-wasm 2
  # tfjs cpu (plain JS) is ~10× slower than wasm: the two small shapes only
  step tfjs-cpu 45 tfjs-cpu.json "$NODE" "$PKG/device-node.mjs" --backends cpu --shapes GRU32,GRU64 --runs 1 --batches-cpu 1
fi

# -- summary: the notes, and samples/s medians side by side --
printf '%s\n' "${notes[@]}" >"$WORK/notes.txt"
"$PY" - "$OUT" "$WORK/notes.txt" >"$OUT/summary.json" <<'EOF'
import json, os, statistics, sys
out, notes = sys.argv[1], [l.rstrip("\n") for l in open(sys.argv[2]) if l.strip()]
def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.load(f)
    except Exception as e:
        return None
table = {}
for name, label in (("torch-cuda.json", "torch cuda"), ("torch-cpu-1.json", "torch cpu 1 thread"), ("torch-cpu-all.json", "torch cpu all cores")):
    d = load(name)
    for r in (d or {}).get("results", []):
        table.setdefault(r["shape"], {})[label] = statistics.median(r["samplesPerSec"])
for name in ("tfjs-webgpu.json", "tfjs-wasm.json", "tfjs-cpu.json"):
    d = load(name)
    for b in (d or {}).get("backends", []):
        for r in b.get("results", []):
            if "fused" in r:
                row = table.setdefault(r["shape"], {})
                row[f"tfjs {b['backend']} fused"] = statistics.median(r["fused"])
                row[f"tfjs {b['backend']} reference"] = statistics.median(r["reference"])
                row[f"tfjs {b['backend']} kernels fused/reference"] = [r["kernels"]["fused"], r["kernels"]["reference"]]
print(json.dumps({"gpu": load("gpu.json"), "notes": notes, "samplesPerSec": table}, indent=1))
EOF
cat "$OUT/summary.json"
rm -rf "$WORK"
