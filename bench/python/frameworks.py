"""Python peers of the training benchmark: the workloads of bench/lib/workloads.json (the same file the mlnb side
reads) trained in PyTorch (CPU) or Keras (tensorflow-cpu), one process per framework, every workload in turn.

    python frameworks.py --framework torch|keras [--workloads mlp,cnn,lstm] [--threads N] [--budget 30]
    python frameworks.py --describe [--workloads ...]   # the layer plan as this side reads it (no torch/keras)

Per workload: the first fit (one epoch of a fresh model; for Keras that includes tracing its train step into a
graph), then up to `trials` timed fits of `epochs` epochs (wall and CPU time), stopping after the second once
`--budget` seconds went by. Prints one JSON line. PyTorch trains the softmax output as logits + CrossEntropyLoss
(the fused, numerically identical form of softmax + categorical cross-entropy on one-hot targets), as idiomatic
PyTorch code does.
"""
import argparse
import json
import os
import sys
import time

WORKLOADS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib", "workloads.json")


def load_table(names=None):
    with open(WORKLOADS_FILE, encoding="utf-8") as f:
        table = json.load(f)
    if names is None:
        return table
    known = [w["name"] for w in table["workloads"]]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"Unknown workload(s): {', '.join(unknown)}. Choose from: {', '.join(known)}.")
    return {**table, "workloads": [next(w for w in table["workloads"] if w["name"] == n) for n in names]}


def layer_plan(workload):
    """Output shape (without the batch) and Keras-convention parameter count of each layer; the builders below
    size their PyTorch layers from it (channels last here, as in Keras and TF.js)."""
    shape = list(workload["inputShape"])
    plan = []
    for layer in workload["layers"]:
        kind = layer["type"]
        if kind == "dense":
            if len(shape) != 1:
                raise ValueError(f"dense needs a flat input, got {shape}")
            params = shape[0] * layer["units"] + layer["units"]
            shape = [layer["units"]]
        elif kind == "conv2d":
            h, w, c = shape
            k = layer["kernelSize"]
            params = k * k * c * layer["filters"] + layer["filters"]
            shape = [h - k + 1, w - k + 1, layer["filters"]]
        elif kind == "maxPooling2d":
            p = layer["poolSize"]
            params = 0
            shape = [shape[0] // p, shape[1] // p, shape[2]]
        elif kind == "flatten":
            params = 0
            n = 1
            for d in shape:
                n *= d
            shape = [n]
        elif kind == "lstm":
            if len(shape) != 2:
                raise ValueError(f"lstm needs a [steps, features] input, got {shape}")
            params = 4 * layer["units"] * (shape[1] + layer["units"] + 1)
            shape = [layer["units"]]
        else:
            raise ValueError(f"unknown layer type {kind!r}")
        plan.append({"type": kind, "inputShape": None, "outputShape": list(shape), "params": params})
    # each layer's input shape, for the PyTorch builder
    previous = list(workload["inputShape"])
    for step in plan:
        step["inputShape"], previous = previous, step["outputShape"]
    return plan


def data(table, workload):
    import numpy as np

    rng = np.random.default_rng(table["seed"])
    x = rng.standard_normal((workload["samples"], *workload["inputShape"]), dtype=np.float32)
    y = np.eye(workload["classes"], dtype=np.float32)[rng.integers(0, workload["classes"], workload["samples"])]
    return x, y


def timed(fit, trials, budget_s):
    """Wall and CPU time (all threads of this process) of each trial, in ms."""
    wall, cpu = [], []
    started = time.perf_counter()
    for i in range(trials):
        if i >= 2 and time.perf_counter() - started > budget_s:
            break
        c0, t0 = time.process_time(), time.perf_counter()
        fit()
        wall.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
    return wall, cpu


def torch_model(workload):
    import torch
    from torch import nn

    class LastStep(nn.Module):
        """nn.LSTM over [batch, steps, features], keeping the last step's output (what Keras's LSTM returns)."""

        def __init__(self, features, units):
            super().__init__()
            self.lstm = nn.LSTM(features, units, batch_first=True)

        def forward(self, x):
            out, _ = self.lstm(x)
            return out[:, -1, :]

    class ChannelsLast(nn.Module):
        """The data is [batch, height, width, channels] as in Keras and TF.js; PyTorch's conv wants channels first."""

        def forward(self, x):
            return x.permute(0, 3, 1, 2)

    activations = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    modules = []
    channels_first = False
    plan = layer_plan(workload)
    for i, (layer, step) in enumerate(zip(workload["layers"], plan)):
        kind, last = layer["type"], i == len(plan) - 1
        if kind == "dense":
            modules.append(nn.Linear(step["inputShape"][0], layer["units"]))
        elif kind == "conv2d":
            if not channels_first:
                modules.append(ChannelsLast())
                channels_first = True
            modules.append(nn.Conv2d(step["inputShape"][2], layer["filters"], layer["kernelSize"]))
        elif kind == "maxPooling2d":
            modules.append(nn.MaxPool2d(layer["poolSize"]))
        elif kind == "flatten":
            modules.append(nn.Flatten())
        elif kind == "lstm":
            if layer.get("activation", "tanh") != "tanh" or layer.get("recurrentActivation", "sigmoid") != "sigmoid":
                raise ValueError("PyTorch's nn.LSTM only has activation tanh and recurrentActivation sigmoid")
            modules.append(LastStep(step["inputShape"][1], layer["units"]))
        activation = layer.get("activation", "linear")
        if kind == "lstm" or activation == "linear" or (last and activation == "softmax"):
            continue  # the LSTM's activations are its own; the softmax is inside CrossEntropyLoss
        if activation not in activations:
            raise ValueError(f"no PyTorch module for activation {activation!r} on a {kind} layer")
        modules.append(activations[activation]())
    return torch.nn.Sequential(*modules)


def run_torch(table, workloads, budget_s, threads=None):
    import numpy as np
    import torch
    from torch import nn

    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(table["seed"])
    torch.ones(2).sum().item()  # runtime start-up outside every workload's first fit
    batch = table["batch"]
    results = {}
    for w in workloads:
        x, y = data(table, w)
        X = torch.from_numpy(x)
        Y = torch.from_numpy(y.argmax(1))
        model = torch_model(w)
        opt = torch.optim.Adam(model.parameters(), lr=table["optimizer"]["learningRate"])
        loss_fn = nn.CrossEntropyLoss()
        n = X.shape[0]

        def fit(n_epochs, model=model, opt=opt, X=X, Y=Y, n=n):
            model.train()
            for _ in range(n_epochs):
                perm = torch.randperm(n) if table["shuffle"] else torch.arange(n)
                for i in range(0, n, batch):
                    idx = perm[i:i + batch]
                    xb, yb = X[idx], Y[idx]
                    opt.zero_grad(set_to_none=True)
                    logits = model(xb)
                    loss = loss_fn(logits, yb)
                    loss.backward()
                    opt.step()
                    _acc = (logits.detach().argmax(1) == yb).float().mean()  # the accuracy metric the others log

        t0 = time.perf_counter()
        fit(1)
        first_ms = (time.perf_counter() - t0) * 1000.0
        results[w["name"]] = summary(w, first_ms, *timed(lambda: fit(w["epochs"]), w["trials"], budget_s), np)
        results[w["name"]]["params"] = sum(p.numel() for p in model.parameters())
        print(f"  torch/{w['name']}: {results[w['name']]['bestSamplesPerSec']:.0f} samples/s (best)", file=sys.stderr, flush=True)
    return {"version": torch.__version__, "threads": torch.get_num_threads()}, results


def keras_model(table, workload):
    import keras

    layers = [keras.Input(shape=tuple(workload["inputShape"]))]
    for layer in workload["layers"]:
        kind = layer["type"]
        if kind == "dense":
            layers.append(keras.layers.Dense(layer["units"], activation=layer.get("activation", "linear")))
        elif kind == "conv2d":
            layers.append(keras.layers.Conv2D(layer["filters"], layer["kernelSize"], activation=layer.get("activation", "linear")))
        elif kind == "maxPooling2d":
            layers.append(keras.layers.MaxPooling2D(layer["poolSize"]))
        elif kind == "flatten":
            layers.append(keras.layers.Flatten())
        elif kind == "lstm":
            layers.append(keras.layers.LSTM(layer["units"], activation=layer.get("activation", "tanh"), recurrent_activation=layer.get("recurrentActivation", "sigmoid")))
        else:
            raise ValueError(f"unknown layer type {kind!r}")
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(table["optimizer"]["learningRate"]), loss="categorical_crossentropy", metrics=table["metrics"])
    return model


def run_keras(table, workloads, budget_s):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import numpy as np
    import tensorflow as tf
    import keras

    keras.utils.set_random_seed(table["seed"])
    tf.reduce_sum(tf.ones([2])).numpy()  # runtime start-up outside every workload's first fit
    results = {}
    for w in workloads:
        x, y = data(table, w)
        model = keras_model(table, w)
        fit = lambda n, model=model, x=x, y=y: model.fit(x, y, epochs=n, batch_size=table["batch"], shuffle=table["shuffle"], verbose=0)  # noqa: E731
        t0 = time.perf_counter()
        fit(1)  # the first fit: traces the train step into a graph, then runs one epoch
        first_ms = (time.perf_counter() - t0) * 1000.0
        results[w["name"]] = summary(w, first_ms, *timed(lambda: fit(w["epochs"]), w["trials"], budget_s), np)
        results[w["name"]]["params"] = int(model.count_params())
        print(f"  keras/{w['name']}: {results[w['name']]['bestSamplesPerSec']:.0f} samples/s (best), first fit {first_ms:.0f} ms", file=sys.stderr, flush=True)
    return {"version": f"tensorflow {tf.__version__}, keras {keras.__version__}"}, results


def summary(w, first_ms, times, cpu, np):
    med = float(np.median(times))
    n = w["samples"] * w["epochs"]
    return {"epochs": w["epochs"], "samples": w["samples"], "firstFitMs": first_ms, "firstFitSamplesPerSec": w["samples"] / (first_ms / 1000.0),
            "trialsMs": times, "cpuMs": cpu, "medianMs": med, "samplesPerSec": n / (med / 1000.0),
            "bestSamplesPerSec": n / (min(times) / 1000.0), "samplesPerCpuSec": n / (float(np.median(cpu)) / 1000.0)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--framework", choices=["torch", "keras"])
    p.add_argument("--describe", action="store_true", help="print the layer plan of each workload and exit (no frameworks needed)")
    p.add_argument("--workloads", default=None, help="comma-separated names from bench/lib/workloads.json (default: all)")
    p.add_argument("--threads", type=int, default=None, help="torch only: torch.set_num_threads (default: PyTorch's own)")
    p.add_argument("--budget", type=float, default=30.0, help="seconds per workload after which no trial starts beyond the second")
    a = p.parse_args()
    table = load_table([n.strip() for n in a.workloads.split(",") if n.strip()] if a.workloads else None)
    if a.describe:
        print(json.dumps({"workloads": {w["name"]: layer_plan(w) for w in table["workloads"]}}))
        return
    if not a.framework:
        p.error("--framework is required (or --describe)")
    if a.framework == "torch":
        info, results = run_torch(table, table["workloads"], a.budget, a.threads)
    else:
        info, results = run_keras(table, table["workloads"], a.budget)
    print(json.dumps({"framework": a.framework, **info, "batch": table["batch"], "workloads": results}), flush=True)


if __name__ == "__main__":
    main()
