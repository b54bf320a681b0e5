"""The program side of the lstmbench external protocol (docs/external-protocol.md).

Shared by numpy_peer.py, torch_peer.py and keras_peer.py: the JSON-lines loop, the workload
files and the canonical weight layout. A peer is an object with

    name                                    short name, e.g. "torch"
    capabilities() -> dict                  {"precisions": [...], "modes": [...], ...}
    create(workload_dir, config) -> dict    raise Unsupported(reason) for a case it cannot run
    train_epoch(order, want_step_losses) -> dict   mean_loss, ms, num_steps[, step_losses]
    evaluate() -> float                     mean MSE over the validation windows
    write_weights(path)                     flat canonical float32 .npy

and serve(peer) does the rest. Only numpy and the standard library are imported here.
"""

import json
import math
import os
import sys
import time
import traceback

import numpy as np

PROTOCOL = "lstmbench-external"
VERSION = 1

# The files create() finds in workload_dir; the same names as `lstmbench --dump-workload`.
WORKLOAD_FILES = ("train_x", "train_y", "val_x", "val_y", "initial_weights")


class Unsupported(Exception):
    """A case this peer cannot run; the runner reports it as skipped with this reason."""


def load_workload(directory):
    """RETURNS: {name: array} for WORKLOAD_FILES; x is [n][T][I] float32, y is [n] float32."""
    data = {name: np.load(os.path.join(directory, name + ".npy")) for name in WORKLOAD_FILES}
    data["train_y"] = data["train_y"].reshape(-1)
    data["val_y"] = data["val_y"].reshape(-1)
    return data


def split_canonical(flat, config):
    """Views into the flat canonical vector (docs/canonical-weights.md, Keras's layout):
    RETURNS ([(kernel [I][4H], recurrent [H][4H], bias [4H]) per layer], dense_kernel [H],
    dense_bias [1]). Gate order in every 4H axis is i, f, g, o."""
    inputs, hidden = config["input_size"], config["hidden_size"]
    layers, offset = [], 0
    for layer in range(config["num_layers"]):
        width = inputs if layer == 0 else hidden
        sizes = (width * 4 * hidden, hidden * 4 * hidden, 4 * hidden)
        kernel = flat[offset : offset + sizes[0]].reshape(width, 4 * hidden)
        recurrent = flat[offset + sizes[0] : offset + sizes[0] + sizes[1]]
        recurrent = recurrent.reshape(hidden, 4 * hidden)
        bias = flat[offset + sizes[0] + sizes[1] : offset + sum(sizes)]
        layers.append((kernel, recurrent, bias))
        offset += sum(sizes)
    if flat.size != offset + hidden + 1:
        raise ValueError(f"canonical weights hold {flat.size} floats, "
                         f"the model needs {offset + hidden + 1}")
    return layers, flat[offset : offset + hidden], flat[offset + hidden :]


def join_canonical(layers, dense_kernel, dense_bias):
    """The inverse of split_canonical: RETURNS the flat canonical float32 vector."""
    parts = [np.asarray(t).ravel() for layer in layers for t in layer]
    parts += [np.asarray(dense_kernel).ravel(), np.asarray(dense_bias).ravel()]
    return np.concatenate(parts).astype(np.float32)


def batches(order, batch_size):
    """The index arrays of one epoch: floor(len(order) / batch_size) full batches, in order."""
    order = np.asarray(order, dtype=np.int64)
    steps = len(order) // batch_size
    return [order[s * batch_size : (s + 1) * batch_size] for s in range(steps)]


def require(condition, reason):
    if not condition:
        raise Unsupported(reason)


class Stopwatch:
    """Wall-clock milliseconds around a block; the caller syncs its device before leaving."""

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.ms = (time.perf_counter() - self.start) * 1e3


def _finite_or_null(value):
    # JSON has no NaN or infinity; the protocol sends a non-finite number as null (read as NaN).
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_finite_or_null(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite_or_null(v) for k, v in value.items()}
    return value


def _handle(peer, request):
    cmd = request["cmd"]
    if cmd == "create":
        return peer.create(request["workload_dir"], request["config"]) or {}
    if cmd == "train_epoch":
        order = np.asarray(request["order"], dtype=np.int64)
        return peer.train_epoch(order, bool(request.get("want_step_losses", False)))
    if cmd == "evaluate":
        return {"val_loss": float(peer.evaluate())}
    if cmd == "write_weights":
        peer.write_weights(request["path"])
        return {}
    raise ValueError(f"unknown command {cmd!r}")


def serve(peer):
    """Speaks the protocol on stdin/stdout until shutdown or end of input."""
    # Protocol lines own the real stdout; anything else printed (frameworks print to stdout
    # too, some from C) goes to stderr, which the runner keeps with the case.
    protocol_out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def send(message):
        protocol_out.write(json.dumps(_finite_or_null(message), allow_nan=False) + "\n")
        protocol_out.flush()

    send({"protocol": PROTOCOL, "version": VERSION, "name": peer.name,
          "capabilities": peer.capabilities()})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if request.get("cmd") == "shutdown":
                send({"ok": True})
                return
            reply = {"ok": True, **_handle(peer, request)}
        except Unsupported as e:
            reply = {"ok": False, "unsupported": str(e)}
        except Exception as e:  # reported to the runner for this case; the loop goes on
            traceback.print_exc()
            reply = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        send(reply)
