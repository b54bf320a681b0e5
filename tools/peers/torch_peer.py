#!/usr/bin/env python3
"""PyTorch as an lstmbench backend: nn.LSTM(batch_first=True) -> nn.Linear(H, 1), MSE.

    torch_peer.py --device cpu|cuda

Weights: the canonical layout is Keras's (docs/canonical-weights.md). PyTorch's gate order is
the same (i, f, g, o) but each matrix is transposed: weight_ih = kernel^T, weight_hh =
recurrent^T. PyTorch has two biases where Keras has one, so bias_hh holds the canonical bias
and the input bias bias_ih is held at zero (frozen), as Keras itself does on cuDNN and as
docs/canonical-weights.md prescribes: if both learned, Adam would move their sum twice as fast.

Optimizer: Keras's Adam (epsilon-hat form, see plugin_abi.h), written out below.
torch.optim.Adam adds epsilon to sqrt(v / (1 - b2^t)) instead, i.e. it uses an effective
epsilon of eps * sqrt(1 - b2^t) that changes with t; with eps = 1e-7 the two differ visibly
only for weights whose gradients are ~1e-7, but they are not the same optimizer.

Precision: fp32 everywhere; on cuda also fp16 (torch.autocast + GradScaler with
init_scale 2**15 and growth_interval 2000, like the framework's dynamic loss scaling) and bf16
(autocast, no scaling). Mode: eager only. Graph mode is answered unsupported: torch.compile
graph-breaks around nn.LSTM's fused cuDNN kernel, and capturing the whole step in a CUDA graph
is not implemented here.
Options (the suite's [options]): threads = torch.set_num_threads; tf32 = true lets cuDNN and
cuBLAS use TF32 in fp32 (off by default, unlike PyTorch's own default, to match the cudnn
backend's strict fp32).
"""

import argparse
import contextlib
import math

import numpy as np
import torch
from torch import nn

import lstmbench_peer as lp


class KerasAdam(torch.optim.Optimizer):
    """Adam as Keras computes it: alpha = lr*sqrt(1-b2^t)/(1-b1^t); w -= alpha*m/(sqrt(v)+eps)."""

    def __init__(self, params, lr, betas, eps):
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            (b1, b2), eps = group["betas"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                state["t"] += 1
                t, m, v = state["t"], state["m"], state["v"]
                m.lerp_(p.grad, 1.0 - b1)
                v.mul_(b2).addcmul_(p.grad, p.grad, value=1.0 - b2)
                alpha = group["lr"] * math.sqrt(1.0 - b2**t) / (1.0 - b1**t)
                p.addcdiv_(m, v.sqrt().add_(eps), value=-alpha)


class Model(nn.Module):
    def __init__(self, inputs, hidden, layers):
        super().__init__()
        self.lstm = nn.LSTM(inputs, hidden, layers, batch_first=True)
        self.dense = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        # The head stays float32 under autocast, as in Keras and the cudnn backend.
        with torch.autocast(device_type=x.device.type, enabled=False):
            return self.dense(out[:, -1].float()).squeeze(-1)


class TorchPeer:
    name = "torch"

    def __init__(self, device):
        self.device = torch.device(device)

    def capabilities(self):
        cuda = self.device.type == "cuda"
        framework = f"torch {torch.__version__}"
        if cuda:
            framework += f" cuda {torch.version.cuda} cudnn {torch.backends.cudnn.version()}"
        return {"precisions": ["fp32", "fp16", "bf16"] if cuda else ["fp32"], "modes": ["eager"],
                "device": str(self.device), "framework": framework}

    def create(self, workload_dir, config):
        c = config
        lp.require(c["activation"] == "tanh" and c["recurrent_activation"] == "sigmoid",
                   "nn.LSTM has activation=tanh and recurrent_activation=sigmoid only")
        lp.require(c["recurrent_dropout"] == 0.0, "nn.LSTM has no recurrent dropout")
        lp.require(c["mode"] == "eager", "the torch peer has no graph mode (see torch_peer.py)")
        lp.require(c["precision"] == "fp32" or self.device.type == "cuda",
                   "the torch peer runs fp16/bf16 on cuda only")
        if "threads" in c["options"]:
            torch.set_num_threads(int(c["options"]["threads"]))
        # Strict fp32 unless the suite asks for TF32, like the cudnn backend: PyTorch's default
        # lets cuDNN's RNN use TF32, which would compare unequal arithmetic.
        tf32 = str(c["options"].get("tf32", "false")).lower() in ("true", "1", "yes")
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cuda.matmul.allow_tf32 = tf32
        self.config = c
        data = lp.load_workload(workload_dir)
        self.data = {k: torch.from_numpy(v).to(self.device)
                     for k, v in data.items() if k != "initial_weights"}
        self.model = Model(c["input_size"], c["hidden_size"], c["num_layers"]).to(self.device)
        self._load(data["initial_weights"])
        trainable = [p for p in self.model.parameters() if p.requires_grad]
        if c["optimizer"] == "adam":
            self.optimizer = KerasAdam(trainable, c["learning_rate"],
                                       (c["adam_beta1"], c["adam_beta2"]), c["adam_epsilon"])
        else:
            self.optimizer = torch.optim.SGD(trainable, lr=c["learning_rate"])
        self.scaler = None
        if c["precision"] == "fp16":
            self.scaler = torch.amp.GradScaler("cuda", init_scale=2.0**15, growth_interval=2000)
        reply = {"details": f"device={self.device};threads={torch.get_num_threads()}"}
        if self.device.type == "cuda":
            reply["device_bytes"] = int(torch.cuda.memory_allocated(self.device))
        return reply

    @torch.no_grad()
    def _load(self, flat):
        layers, dense_kernel, dense_bias = lp.split_canonical(flat, self.config)
        for l, (kernel, recurrent, bias) in enumerate(layers):
            getattr(self.model.lstm, f"weight_ih_l{l}").copy_(torch.from_numpy(kernel.T.copy()))
            getattr(self.model.lstm, f"weight_hh_l{l}").copy_(torch.from_numpy(recurrent.T.copy()))
            getattr(self.model.lstm, f"bias_hh_l{l}").copy_(torch.from_numpy(bias))
            bias_ih = getattr(self.model.lstm, f"bias_ih_l{l}")
            bias_ih.zero_()
            bias_ih.requires_grad_(False)  # Keras has one bias; this one stays zero
        self.model.dense.weight.copy_(torch.from_numpy(dense_kernel).reshape(1, -1))
        self.model.dense.bias.copy_(torch.from_numpy(dense_bias))

    def _autocast(self):
        dtype = {"fp16": torch.float16, "bf16": torch.bfloat16}.get(self.config["precision"])
        if dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=dtype)

    def _sync(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    def train_epoch(self, order, want_step_losses):
        batch = self.config["batch_size"]
        steps = len(order) // batch
        index = torch.as_tensor(order[: steps * batch], device=self.device).view(steps, batch)
        x, y = self.data["train_x"], self.data["train_y"]
        losses, skipped = [], 0
        self._sync()
        with lp.Stopwatch() as clock:
            for s in range(steps):
                self.optimizer.zero_grad(set_to_none=True)
                with self._autocast():
                    loss = nn.functional.mse_loss(self.model(x[index[s]]).float(), y[index[s]])
                if self.scaler is None:
                    loss.backward()
                    self.optimizer.step()
                else:
                    scale = self.scaler.get_scale()  # syncs, fp16 only: counts skipped steps
                    self.scaler.scale(loss).backward()
                    self.scaler.step(self.optimizer)
                    self.scaler.update()
                    skipped += self.scaler.get_scale() < scale
                losses.append(loss.detach())
            # Keep the losses on the device until the end: one transfer, not one sync per step.
            step_losses = torch.stack(losses).double().cpu().numpy() if losses else np.zeros(0)
            self._sync()
        reply = {"mean_loss": float(step_losses.mean()) if steps else 0.0, "ms": clock.ms,
                 "num_steps": steps, "skipped_steps": int(skipped)}
        if want_step_losses:
            reply["step_losses"] = step_losses.tolist()
        return reply

    @torch.no_grad()
    def evaluate(self):
        x, y = self.data["val_x"], self.data["val_y"]
        total = 0.0
        for start in range(0, len(y), 4096):
            with self._autocast():
                prediction = self.model(x[start : start + 4096]).double()
            total += float(((prediction - y[start : start + 4096].double()) ** 2).sum())
        return total / len(y)

    @torch.no_grad()
    def write_weights(self, path):
        lstm = self.model.lstm
        layers = [(getattr(lstm, f"weight_ih_l{l}").T, getattr(lstm, f"weight_hh_l{l}").T,
                   getattr(lstm, f"bias_ih_l{l}") + getattr(lstm, f"bias_hh_l{l}"))
                  for l in range(self.config["num_layers"])]
        layers = [[t.float().cpu().numpy() for t in layer] for layer in layers]
        dense = self.model.dense
        np.save(path, lp.join_canonical(layers, dense.weight.float().cpu().numpy(),
                                        dense.bias.float().cpu().numpy()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    lp.serve(TorchPeer(parser.parse_args().device))
