#!/usr/bin/env python3
"""A peer that speaks the protocol correctly except for one fault, named by its argument:

  malformed       replies to train_epoch with a line that is not JSON
  missing_field   replies to train_epoch without mean_loss
  exit            exits (code 3, a line on stderr) in the middle of train_epoch
  hang            never replies to train_epoch
  wrong_version   greets with protocol version 99
  unsupported     answers create with {"ok": false, "unsupported": ...}
  error           answers train_epoch with {"ok": false, "error": ...}
  wrong_steps     reports one step fewer than the order makes
  no_hello        exits before greeting, with a traceback-like line on stderr

Standard library only, so the fault tests need nothing but /usr/bin/python3.
"""
import json
import sys
import time

fault = sys.argv[1]


def send(message):
    sys.stdout.write((message if isinstance(message, str) else json.dumps(message)) + "\n")
    sys.stdout.flush()


if fault == "no_hello":
    sys.stderr.write("ImportError: fake peer cannot import its framework\n")
    sys.exit(2)
send({"protocol": "lstmbench-external", "version": 99 if fault == "wrong_version" else 1,
      "name": "fake", "capabilities": {"precisions": ["fp32"], "modes": ["eager"]}})
batch_size = 1
for line in sys.stdin:
    request = json.loads(line)
    cmd = request["cmd"]
    if cmd == "create":
        batch_size = request["config"]["batch_size"]
        if fault == "unsupported":
            send({"ok": False, "unsupported": "the fake peer cannot run this case"})
        else:
            send({"ok": True})
    elif cmd == "train_epoch":
        steps = len(request["order"]) // batch_size
        reply = {"ok": True, "mean_loss": 0.5, "ms": 1.0, "num_steps": steps,
                 "step_losses": [0.5] * steps}
        if fault == "malformed":
            send('{"ok": true, "mean_loss": 0.5,')
        elif fault == "missing_field":
            del reply["mean_loss"]
            send(reply)
        elif fault == "exit":
            sys.stderr.write("fake peer: dying in the middle of an epoch\n")
            sys.exit(3)
        elif fault == "hang":
            time.sleep(3600)
        elif fault == "error":
            send({"ok": False, "error": "RuntimeError: CUDA out of memory (fake)"})
        elif fault == "wrong_steps":
            reply["num_steps"] = steps - 1
            send(reply)
        else:
            send(reply)
    elif cmd == "shutdown":
        send({"ok": True})
        break
    else:
        send({"ok": True, "val_loss": 0.5})
