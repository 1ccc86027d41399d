"""Peers of the training benchmark: the same MLP (784-128-10, relu/softmax, adam lr 1e-3, categorical
cross-entropy, batch 128, shuffled synthetic data) in PyTorch (CPU) or Keras (tensorflow-cpu).

    python mlp_frameworks.py --framework torch|keras --samples 8192 --epochs 3 --trials 3 [--threads N]

One warm-up epoch, then `trials` timed fits of `epochs` epochs each (wall and CPU time). Prints one JSON line.
PyTorch uses logits + CrossEntropyLoss (the fused, numerically identical form of softmax + categorical
cross-entropy on one-hot targets), as idiomatic PyTorch code does.
"""
import argparse
import json
import os
import time

import numpy as np

BATCH = 128


BUDGET_S = 30.0  # stop adding trials (after the second) once this much time went by


def timed(fit, trials):
    """Wall and CPU time (all threads of this process) of each trial, in ms."""
    wall, cpu = [], []
    started = time.perf_counter()
    for i in range(trials):
        if i >= 2 and time.perf_counter() - started > BUDGET_S:
            break
        c0, t0 = time.process_time(), time.perf_counter()
        fit()
        wall.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
    return wall, cpu


def run_torch(x, y, epochs, trials, threads=None):
    import torch
    from torch import nn

    if threads:
        torch.set_num_threads(threads)

    X = torch.from_numpy(x)
    Y = torch.from_numpy(y.argmax(1))
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = X.shape[0]

    def fit(n_epochs):
        model.train()
        for _ in range(n_epochs):
            perm = torch.randperm(n)
            for i in range(0, n, BATCH):
                idx = perm[i:i + BATCH]
                xb, yb = X[idx], Y[idx]
                opt.zero_grad(set_to_none=True)
                logits = model(xb)
                loss = loss_fn(logits, yb)
                loss.backward()
                opt.step()
                _acc = (logits.detach().argmax(1) == yb).float().mean()  # the accuracy metric the others log

    fit(1)
    return {"version": torch.__version__, "threads": torch.get_num_threads()}, timed(lambda: fit(epochs), trials)


def run_keras(x, y, epochs, trials):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import tensorflow as tf
    import keras

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=1, batch_size=BATCH, shuffle=True, verbose=0)
    fit = lambda: model.fit(x, y, epochs=epochs, batch_size=BATCH, shuffle=True, verbose=0)  # noqa: E731
    return {"version": f"tensorflow {tf.__version__}, keras {keras.__version__}"}, timed(fit, trials)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--framework", choices=["torch", "keras"], required=True)
    p.add_argument("--samples", type=int, default=8192)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--trials", type=int, default=3)
    p.add_argument("--threads", type=int, default=None, help="torch only: torch.set_num_threads (default: PyTorch's own)")
    a = p.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((a.samples, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, a.samples)]
    if a.framework == "torch":
        info, (times, cpu) = run_torch(x, y, a.epochs, a.trials, a.threads)
    else:
        info, (times, cpu) = run_keras(x, y, a.epochs, a.trials)
    med = float(np.median(times))
    n = a.samples * a.epochs
    print(json.dumps({"framework": a.framework, **info, "epochs": a.epochs, "samples": a.samples, "trialsMs": times,
                      "cpuMs": cpu, "medianMs": med, "samplesPerSec": n / (med / 1000.0),
                      "bestSamplesPerSec": n / (min(times) / 1000.0),
                      "samplesPerCpuSec": n / (float(np.median(cpu)) / 1000.0)}), flush=True)


if __name__ == "__main__":
    main()
