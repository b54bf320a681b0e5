#!/usr/bin/env python3
"""Keras 3 (TensorFlow backend) as an lstmbench backend: LSTM(H) -> Dense(1), MSE.

    keras_peer.py --device cpu|gpu

This is the seed tutorial's own code path: model.compile(...) then model.fit(...) for one
epoch over the windows in the framework's order (shuffle=False). Weights: the canonical layout
is Keras's layout verbatim. Optimizer: keras.optimizers.Adam(lr, beta_1, beta_2, epsilon) or
SGD(lr). Modes: eager = Keras's ordinary compiled train step (tf.function, jit_compile=False);
graph = jit_compile=True (XLA), the seed's question. Precisions: fp32, fp16 = the
"mixed_float16" policy (Keras wraps Adam in a LossScaleOptimizer), bf16 = "mixed_bfloat16";
the Dense head stays float32 as Keras's mixed-precision guide advises. Skipped loss-scaling
steps are not counted (Keras does not expose them).
Options (the suite's [options]): threads = TensorFlow's intra-op thread count; tf32 = true
allows TF32 in fp32 (off by default, to match the cudnn backend's strict fp32).
"""

import argparse
import os
import sys

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--device", choices=["cpu", "gpu"], default="cpu")
ARGS = parser.parse_args()
# Before TensorFlow loads: hide GPUs for --device cpu, quiet the C++ logging, pick the backend.
if ARGS.device == "cpu":
    os.environ["CUDA_VISIBLE_DEVICES"] = "-1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["KERAS_BACKEND"] = "tensorflow"

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import lstmbench_peer as lp  # noqa: E402

_POLICIES = {"fp32": "float32", "fp16": "mixed_float16", "bf16": "mixed_bfloat16"}


class KerasPeer:
    name = "keras"

    def capabilities(self):
        if ARGS.device == "gpu" and not tf.config.list_physical_devices("GPU"):
            print("keras_peer: --device gpu but TensorFlow sees no GPU", file=sys.stderr)
        return {"precisions": list(_POLICIES), "modes": ["eager", "graph"], "device": ARGS.device,
                "framework": f"keras {keras.__version__} tensorflow {tf.__version__}"}

    def create(self, workload_dir, config):
        c = config
        if "threads" in c["options"]:
            tf.config.threading.set_intra_op_parallelism_threads(int(c["options"]["threads"]))
        # Strict fp32 unless the suite asks for TF32 (TensorFlow enables it by default on GPUs).
        tf.config.experimental.enable_tensor_float_32_execution(
            str(c["options"].get("tf32", "false")).lower() in ("true", "1", "yes"))
        keras.mixed_precision.set_global_policy(_POLICIES[c["precision"]])
        keras.utils.set_random_seed(c["seed"] % 2**32)  # recurrent dropout's masks only
        self.config = c
        self.data = lp.load_workload(workload_dir)
        layers = [keras.Input((c["seq_len"], c["input_size"]))]
        for l in range(c["num_layers"]):
            layers.append(keras.layers.LSTM(
                c["hidden_size"], activation=c["activation"],
                recurrent_activation=c["recurrent_activation"],
                recurrent_dropout=c["recurrent_dropout"], return_sequences=l < c["num_layers"] - 1))
        layers.append(keras.layers.Dense(1, dtype="float32"))
        self.model = keras.Sequential(layers)
        lstm_layers, dense_kernel, dense_bias = lp.split_canonical(self.data["initial_weights"], c)
        self.model.set_weights([t for layer in lstm_layers for t in layer] +
                               [dense_kernel.reshape(-1, 1), dense_bias])
        if c["optimizer"] == "adam":
            optimizer = keras.optimizers.Adam(
                learning_rate=c["learning_rate"], beta_1=c["adam_beta1"], beta_2=c["adam_beta2"],
                epsilon=c["adam_epsilon"])
        else:
            optimizer = keras.optimizers.SGD(learning_rate=c["learning_rate"])
        # jit_compile must be explicit: Keras 3's default "auto" turns XLA on by itself.
        self.model.compile(optimizer=optimizer, loss="mse", jit_compile=c["mode"] == "graph")
        # Keras turns XLA back off (with a warning) for an LSTM on its cuDNN path: a "graph" row
        # that silently ran eager would be a false answer to "what does XLA buy?".
        if c["mode"] == "graph" and not self.model.jit_compile:
            raise lp.Unsupported("Keras disables XLA (jit_compile) for an LSTM that uses cuDNN")
        return {"details": f"policy={_POLICIES[c['precision']]};jit_compile={self.model.jit_compile}"}

    def train_epoch(self, order, want_step_losses):
        batch = self.config["batch_size"]
        steps = len(order) // batch
        index = order[: steps * batch]
        x, y = self.data["train_x"][index], self.data["train_y"][index]
        with lp.Stopwatch() as clock:
            if want_step_losses:
                # Verification wants each step's loss; fit only reports running means, and so
                # does train_on_batch in Keras versions that do not reset its metrics.
                losses = []
                for s in range(steps):
                    self.model.reset_metrics()
                    losses.append(float(self.model.train_on_batch(
                        x[s * batch : (s + 1) * batch], y[s * batch : (s + 1) * batch])))
                mean_loss = float(np.mean(losses)) if steps else 0.0
            else:
                # What a Keras user runs; returns when the epoch's loss is on the host.
                history = self.model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
                mean_loss = float(history.history["loss"][0])
        reply = {"mean_loss": mean_loss, "ms": clock.ms, "num_steps": steps}
        if want_step_losses:
            reply["step_losses"] = losses
        return reply

    def evaluate(self):
        prediction = self.model.predict(self.data["val_x"], batch_size=1024, verbose=0)
        error = prediction.reshape(-1).astype(np.float64) - self.data["val_y"]
        return float(np.mean(error * error))

    def write_weights(self, path):
        weights = self.model.get_weights()  # kernel, recurrent, bias per layer; Dense: canonical
        np.save(path, np.concatenate([w.ravel() for w in weights]).astype(np.float32))


if __name__ == "__main__":
    lp.serve(KerasPeer())
