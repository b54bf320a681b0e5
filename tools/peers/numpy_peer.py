#!/usr/bin/env python3
"""A complete LSTM trainer in numpy, speaking the lstmbench external protocol.

Used by the protocol's tests (Debian's python3-numpy is all it needs) and as the smallest
example of a peer. Model: stacked LSTM (Keras equations, gates i, f, g, o; activation and
recurrent activation tanh or sigmoid) -> Dense(1) on the last hidden state -> MSE; BPTT by
hand; Keras's Adam (epsilon-hat form) or SGD. Computes in float64 and hands weights back as
float32, so it is a tighter oracle than any float32 backend. Slow: for tests, not timings.
"""

import numpy as np

import lstmbench_peer as lp

_ACTIVATIONS = {
    # name: (function, derivative expressed in the function's output y)
    "tanh": (np.tanh, lambda y: 1.0 - y * y),
    "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda y: y * (1.0 - y)),
}


class NumpyPeer:
    name = "numpy"

    def capabilities(self):
        return {"precisions": ["fp32"], "modes": ["eager"], "device": "cpu",
                "framework": f"numpy {np.__version__}"}

    def create(self, workload_dir, config):
        for key in ("activation", "recurrent_activation"):
            lp.require(config[key] in _ACTIVATIONS, "the numpy peer has tanh and sigmoid only; "
                       f"this case has {key}={config[key]}")
        lp.require(config["recurrent_dropout"] == 0.0, "the numpy peer has no recurrent dropout")
        lp.require(config["precision"] == "fp32", "the numpy peer computes in float64 (fp32 cases)")
        lp.require(config["mode"] == "eager", "the numpy peer has no graph mode")
        lp.require(config["optimizer"] in ("adam", "sgd"),
                   f"unknown optimizer {config['optimizer']}")
        self.config = config
        self.act, self.act_grad = _ACTIVATIONS[config["activation"]]
        self.ract, self.ract_grad = _ACTIVATIONS[config["recurrent_activation"]]
        data = lp.load_workload(workload_dir)
        self.data = {k: v.astype(np.float64) for k, v in data.items()}
        layers, dense_kernel, dense_bias = lp.split_canonical(self.data["initial_weights"], config)
        # Flat list of parameters: K, R, b per layer, then the Dense kernel and bias (all copies).
        self.params = [t.copy() for layer in layers for t in layer]
        self.params += [dense_kernel.copy(), dense_bias.copy()]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0
        return {"details": "framework=numpy;dtype=float64"}

    def _forward(self, x):
        """RETURNS predictions [B] and the caches BPTT needs, one list per layer."""
        hidden = self.config["hidden_size"]
        caches, seq = [], x
        for layer in range(self.config["num_layers"]):
            kernel, recurrent, bias = self.params[3 * layer : 3 * layer + 3]
            batch, steps = seq.shape[0], seq.shape[1]
            h, c = np.zeros((batch, hidden)), np.zeros((batch, hidden))
            cache, outputs = [], []
            for t in range(steps):
                z = seq[:, t] @ kernel + h @ recurrent + bias
                i, f = self.ract(z[:, :hidden]), self.ract(z[:, hidden : 2 * hidden])
                g, o = self.act(z[:, 2 * hidden : 3 * hidden]), self.ract(z[:, 3 * hidden :])
                c_prev, h_prev = c, h
                c = f * c_prev + i * g
                ac = self.act(c)
                h = o * ac
                cache.append((seq[:, t], h_prev, c_prev, i, f, g, o, ac))
                outputs.append(h)
            caches.append(cache)
            seq = np.stack(outputs, axis=1)
        prediction = seq[:, -1] @ self.params[-2] + self.params[-1][0]
        return prediction, caches, seq[:, -1]

    def _gradients(self, x, y):
        """RETURNS the batch's MSE and the gradient of every parameter (BPTT)."""
        hidden, layers = self.config["hidden_size"], self.config["num_layers"]
        prediction, caches, last_h = self._forward(x)
        error = prediction - y
        loss = float(np.mean(error * error))
        d_pred = 2.0 * error / len(y)
        grads = [None] * len(self.params)
        grads[-2], grads[-1] = last_h.T @ d_pred, np.array([d_pred.sum()])
        d_seq = np.zeros((x.shape[0], x.shape[1], hidden))
        d_seq[:, -1] = np.outer(d_pred, self.params[-2])
        for layer in reversed(range(layers)):
            kernel, recurrent, _ = self.params[3 * layer : 3 * layer + 3]
            d_kernel, d_recurrent = np.zeros_like(kernel), np.zeros_like(recurrent)
            d_bias = np.zeros(4 * hidden)
            d_input = np.zeros((x.shape[0], x.shape[1], kernel.shape[0]))
            dh_next, dc_next = np.zeros_like(d_seq[:, 0]), np.zeros_like(d_seq[:, 0])
            for t in reversed(range(x.shape[1])):
                x_t, h_prev, c_prev, i, f, g, o, ac = caches[layer][t]
                dh = d_seq[:, t] + dh_next
                dc = dh * o * self.act_grad(ac) + dc_next
                dz = np.concatenate([dc * g * self.ract_grad(i), dc * c_prev * self.ract_grad(f),
                                     dc * i * self.act_grad(g), dh * ac * self.ract_grad(o)],
                                    axis=1)
                d_kernel += x_t.T @ dz
                d_recurrent += h_prev.T @ dz
                d_bias += dz.sum(axis=0)
                d_input[:, t] = dz @ kernel.T
                dh_next, dc_next = dz @ recurrent.T, dc * f
            grads[3 * layer : 3 * layer + 3] = [d_kernel, d_recurrent, d_bias]
            d_seq = d_input
        return loss, grads

    def _apply(self, grads):
        c = self.config
        if c["optimizer"] == "sgd":
            for p, g in zip(self.params, grads):
                p -= c["learning_rate"] * g
            return
        self.t += 1
        b1, b2 = c["adam_beta1"], c["adam_beta2"]
        # Keras's epsilon-hat form (plugin_abi.h): the bias correction folds into the step size.
        alpha = c["learning_rate"] * np.sqrt(1.0 - b2**self.t) / (1.0 - b1**self.t)
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m += (1.0 - b1) * (g - m)
            v += (1.0 - b2) * (g * g - v)
            p -= alpha * m / (np.sqrt(v) + c["adam_epsilon"])

    def train_epoch(self, order, want_step_losses):
        losses = []
        with lp.Stopwatch() as clock:
            for idx in lp.batches(order, self.config["batch_size"]):
                x, y = self.data["train_x"][idx], self.data["train_y"][idx]
                loss, grads = self._gradients(x, y)
                self._apply(grads)
                losses.append(loss)
        reply = {"mean_loss": float(np.mean(losses)) if losses else 0.0, "ms": clock.ms,
                 "num_steps": len(losses)}
        if want_step_losses:
            reply["step_losses"] = losses
        return reply

    def evaluate(self):
        prediction = self._forward(self.data["val_x"])[0]
        return float(np.mean((prediction - self.data["val_y"]) ** 2))

    def write_weights(self, path):
        layers = [self.params[3 * l : 3 * l + 3] for l in range(self.config["num_layers"])]
        np.save(path, lp.join_canonical(layers, self.params[-2], self.params[-1]))


if __name__ == "__main__":
    lp.serve(NumpyPeer())
