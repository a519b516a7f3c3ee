#!/usr/bin/env python3
"""PyTorch reference for the farm-small benchmark (../shared/bench/farm-small.md
from the repository's root).

Trains exactly the farm-small network on one fixed batch of random-normal
input (32 x 3 x 64 x 64) with random labels of 5 classes: He normal init,
zero biases, dropout 0.5, Adam lr 1e-3 (betas 0.9/0.999, eps 1e-8), and
reports the median time of a step (forward + backward + update) after the
warm-up steps, the images per second and the GFLOP/s that implies at the
document's 2.2 GFLOP per step.

  /usr/bin/python3 tools/torch_farm_small.py --threads 1 --steps 30
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn

BATCH, CLASSES, SIZE = 32, 5, 64
GFLOP_PER_STEP = 2.2  # farm-small.md: ~23.4 MFLOP forward per image, x3, x32


def farm_small() -> nn.Sequential:
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, stride=1, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2)]

    net = nn.Sequential(
        *block(3, 16), *block(16, 32), *block(32, 64),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, CLASSES))
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return net


def blas_in_use() -> str:
    """The BLAS library this process has loaded (after a matrix product), as
    the file it resolves to: Debian's PyTorch calls libblas.so.3, which the
    alternatives system points at the reference BLAS or at OpenBLAS."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    found = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path).lower() or "blas" in path.lower():
                found.add(os.path.realpath(path))
    return ", ".join(sorted(found)) or "none loaded (PyTorch's own kernels)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=30, help="timed steps (>= 20 for a report)")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.threads < 1 or args.steps < 1 or args.warmup < 0:
        ap.error("--threads and --steps must be >= 1, --warmup >= 0")

    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, BLAS: {blas_in_use()}")
    torch.manual_seed(args.seed)
    net = farm_small().train()
    x = torch.randn(BATCH, 3, SIZE, SIZE)
    y = torch.randint(0, CLASSES, (BATCH,))
    loss_fn = nn.CrossEntropyLoss()  # softmax with cross-entropy
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                           weight_decay=0.0)

    def step() -> float:
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    times, cpu = [], []
    for _ in range(args.steps):
        t0, c0 = time.perf_counter(), time.thread_time()
        step()
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)

    ms = statistics.median(times) * 1e3
    print(f"torch farm-small {args.threads} thread(s): {ms:.1f} ms/step, "
          f"{BATCH * 1000.0 / ms:.0f} images/s, {GFLOP_PER_STEP / (ms / 1e3):.1f} GFLOP/s, "
          f"CPU {statistics.median(cpu) * 1e3:.1f} ms/step (this thread's CPU time, as "
          f"barnlab bench --profile; meaningful at 1 thread)")


if __name__ == "__main__":
    main()
