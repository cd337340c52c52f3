"""PyTorch reference for the training bench: the same model (GRU/LSTM(units) -> Linear(1)), batch, Adam
training step (forward, MSE loss, backward, step, loss read back) as bench/recurrent-core.ts.
Prints one JSON object: {"torch": version, "device": ..., "threads": n, "results": [{shape, samplesPerSec: [...]}]}.

  python3 bench/torch_rnn.py [--threads N] [--device cpu|cuda] [--batches N] [--runs N] [--shapes all|GRU64]

torch.nn.GRU computes the reset gate after the recurrent product (Keras reset_after=True, cuDNN layout);
Layerloom's GRU is reset_after=False: the same matrix sizes and the same work per step.
"""
import argparse
import json
import sys
import time

import torch

SHAPES = [
    ("GRU(32) [20, 4]", "GRU", 32, 20, 4),
    ("GRU(64) [30, 8]", "GRU", 64, 30, 8),
    ("GRU(128) [60, 16]", "GRU", 128, 60, 16),
    ("LSTM(64) [30, 8]", "LSTM", 64, 30, 8),
]


def measure(kind, units, steps, features, batch, batches, runs, device):
    torch.manual_seed(0)
    rnn = (torch.nn.GRU if kind == "GRU" else torch.nn.LSTM)(features, units, batch_first=True).to(device)
    head = torch.nn.Linear(units, 1).to(device)
    opt = torch.optim.Adam(list(rnn.parameters()) + list(head.parameters()), 1e-3)
    xs = [torch.randn(batch, steps, features, device=device) for _ in range(batches)]
    ys = [torch.randn(batch, 1, device=device) for _ in range(batches)]

    def step(b):
        opt.zero_grad()
        out, _ = rnn(xs[b])
        loss = ((head(out[:, -1]) - ys[b]) ** 2).mean()
        loss.backward()
        opt.step()
        return loss.item()  # read back, as the tfjs loop does (also syncs CUDA)

    for w in range(3):
        step(w % batches)
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for b in range(batches):
            step(b)
        rates.append(batches * batch / (time.perf_counter() - t0))
    return rates


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shapes", default="all", help="all, or a comma list of names like GRU64,LSTM64")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.device.startswith("cuda") and not torch.cuda.is_available():
        print(json.dumps({"error": "torch has no CUDA here"}))
        return 1
    want = None if a.shapes == "all" else {s.strip() for s in a.shapes.split(",")}
    results = []
    for name, kind, units, steps, features in SHAPES:
        if want is not None and f"{kind}{units}" not in want:
            continue
        results.append({"shape": name, "samplesPerSec": measure(kind, units, steps, features, a.batch, a.batches, a.runs, a.device)})
    info = {"torch": torch.__version__, "device": a.device, "threads": torch.get_num_threads(), "batch": a.batch, "batchesPerRun": a.batches, "results": results}
    if a.device.startswith("cuda"):
        info["gpu"] = torch.cuda.get_device_name(0)
        info["cudnn"] = torch.backends.cudnn.version()
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
