"""Microseconds per training step of the engine, beside PyTorch autograd + SGD.

Run: python benchmarks/engine.py. Trains on 1,000 rows at batch sizes 1, 10 and 1,000;
each figure is the best of a few repeats, both frameworks measured in this one run.
Also prints the memory held by a history of 100,000 steps.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import Network, train

ROWS = 1000
REPEATS = 3
TARGETS = {1: 8.0, 10: 3.0, 1000: 2.0}


def make_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(ROWS, 2))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(np.int64)
    return X, y


def steps_for(batch_size: int) -> int:
    """Enough steps for a stable figure: at least 3,000, whole epochs."""
    per_epoch = math.ceil(ROWS / batch_size)
    return per_epoch * max(1, math.ceil(3000 / per_epoch))


def engine_us_per_step(X, y, batch_size: int) -> float:
    net = Network.init("uniform", 1.0, seed=0)
    epochs = steps_for(batch_size) // math.ceil(ROWS / batch_size)
    best = math.inf
    for _ in range(REPEATS):
        start = time.perf_counter()
        history = train(net, X, y, alpha=0.1, batch_size=batch_size, epochs=epochs)
        best = min(best, (time.perf_counter() - start) / len(history.steps))
    return best * 1e6


def torch_us_per_step(X, y, batch_size: int) -> float | None:
    """The same network and cost in PyTorch: autograd for gradients, SGD for updates."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    Xt = torch.tensor(X, dtype=torch.float64)
    targets = torch.nn.functional.one_hot(torch.tensor(y), 2).to(torch.float64)
    targets = targets.flip(1)  # class 0 -> (1, 0), class 1 -> (0, 1)
    layers = [torch.nn.Linear(2, 2).double() for _ in range(4)]
    parameters = [p for layer in layers for p in layer.parameters()]
    optimiser = torch.optim.SGD(parameters, lr=0.1)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    total = steps_for(batch_size)
    best = math.inf
    for _ in range(REPEATS):
        start = time.perf_counter()
        position = 0
        for _ in range(total):
            stop = min(position + batch_size, ROWS)
            out = Xt[position:stop]
            for k, layer in enumerate(layers):
                out = layer(out)
                if k < 3:
                    out = torch.sigmoid(out)
            loss = loss_fn(out, targets[position:stop])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            position = 0 if stop == ROWS else stop
        best = min(best, (time.perf_counter() - start) / total)
    return best * 1e6


def history_megabytes(steps: int = 100_000) -> float:
    """Memory of a run's History of `steps` steps (batch 1): DataFrames, order, snapshots."""
    X, y = make_data()
    history = train(Network.init("uniform", 1.0, seed=0), X, y, alpha=0.1, batch_size=1,
                    epochs=steps // ROWS)  # fmt: skip
    frames = history.steps.memory_usage(deep=True).sum() + history.epochs.memory_usage().sum()
    snapshots = len(history.snapshots) * (24 * 8 + 56)
    return (frames + history.order.nbytes + snapshots) / 1e6


def main() -> None:
    X, y = make_data()
    print(f"{'batch':>6} {'engine µs/step':>15} {'torch µs/step':>14} {'ratio':>7} {'target':>7}")
    for batch_size, target in TARGETS.items():
        ours = engine_us_per_step(X, y, batch_size)
        theirs = torch_us_per_step(X, y, batch_size)
        if theirs is None:
            print(f"{batch_size:>6} {ours:>15.1f} {'(no torch)':>14} {'':>7} {target:>6.0f}×")
        else:
            print(f"{batch_size:>6} {ours:>15.1f} {theirs:>14.1f} {theirs / ours:>6.1f}×"
                  f" {target:>6.0f}×")  # fmt: skip
    print(f"history of 100,000 steps: {history_megabytes():.1f} MB (target < 20 MB)")


if __name__ == "__main__":
    main()
