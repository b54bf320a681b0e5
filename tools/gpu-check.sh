#!/usr/bin/env bash
# The GPU check, in one device call: run from the repository root of a checkout that
# carries a packed GPU build in .gpu/ (docs/gpu-check.md):
#
#   bash tools/gpu-check.sh "$OUT"          # OUT: the folder that comes back (default $OUT)
#
# Steps, in this order, each with its own log in OUT/logs/ and its own time limit:
#   nvidia-smi, lstmbench doctor (+ --json, list), the Python that has PyTorch
#   cudnn_plugin_test (GPU conformance)         -> OUT/cudnn-tests.xml
#   the GPU rows of suites/seed.toml, 5 epochs  -> OUT/seed-gpu/
#   suites/gpu-variants.toml                    -> OUT/variants/
#   suites/gpu-seed.toml (cudnn vs torch, cuda) -> OUT/torch/
#   the algorithm slice of gpu-variants.toml    -> OUT/variants-algo/
#   nvidia-smi -q after the runs (clocks, throttling)
# then OUT/SUMMARY.md: each step's exit code and duration, and the target ratios computed from
# the results.jsonl files. The algorithm sweep runs after the torch comparison because it is the
# least needed: a run cut short loses it first.
#
# The whole run stays under GPU_CHECK_BUDGET_S seconds (default 540, for a 600 s device call):
# a step gets the smaller of its own limit and what is left. A step that runs out is killed,
# its partial results stay (results.jsonl is written case by case) and the next step runs.
#
# Environment overrides: GPU_DIR (default .gpu), LSTMBENCH_BUILD (a build folder to use instead
# of GPU_DIR/build, e.g. build/lead for a dry run on a machine without a GPU), TORCH_PYTHON
# (the interpreter for the torch peer; default: the first of python3, /usr/bin/python3,
# /usr/local/bin/python3, /opt/conda/bin/python, .venv-peers/bin/python that imports torch),
# GPU_CHECK_BUDGET_S, LSTMBENCH_MACHINE (default: the GPU's name).
set -u

out=${1:-${OUT:-}}
if [[ -z $out ]]; then
  echo "usage: bash tools/gpu-check.sh OUT_DIR   (or set OUT)" >&2
  exit 2
fi
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 2
logs=$out/logs
mkdir -p "$logs"

budget_s=${GPU_CHECK_BUDGET_S:-540}
reserve_s=20  # kept for the reports and SUMMARY.md at the end
t_start=$(date +%s)
deadline=$((t_start + budget_s))
steps_tsv=$out/steps.tsv
printf 'step\trc\tseconds\tlimit_s\tlog\n' > "$steps_tsv"

say() { echo "[gpu-check $(date +%H:%M:%S)] $*"; }

# run_step NAME LIMIT_S COMMAND...: stdout and stderr to OUT/logs/NAME.log, a line in steps.tsv.
# Sets step_rc. rc 124/137: killed at its limit; "not_run": no time was left.
step_rc=0
run_step() {
  local name=$1 limit=$2
  shift 2
  local log=$logs/$name.log now left t0 t1 secs
  now=$(date +%s)
  left=$((deadline - now - reserve_s))
  ((limit > left)) && limit=$left
  if ((limit < 10)); then
    echo "not run: the time budget ($budget_s s) is spent" > "$log"
    printf '%s\tnot_run\t0\t0\t%s\n' "$name" "logs/$name.log" >> "$steps_tsv"
    say "$name: not run (no time left)"
    step_rc=125
    return
  fi
  say "$name: start (limit ${limit} s)"
  t0=$(date +%s%N)
  timeout -k 10 "$limit" "$@" > "$log" 2>&1
  step_rc=$?
  t1=$(date +%s%N)
  secs=$(((t1 - t0) / 1000000))
  secs=$(printf '%d.%03d' $((secs / 1000)) $((secs % 1000)))
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$step_rc" "$secs" "$limit" "logs/$name.log" >> "$steps_tsv"
  say "$name: rc=$step_rc in ${secs} s"
}

# A killed `lstmbench run` leaves its running case behind: every case runs in its own process
# group (with an external peer inside it), which the parent would have killed at the case's
# timeout_s. Find those processes by the run folder in their command line and end their groups.
end_leftover_cases() {
  local dir=$1 p pid cmd
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
    if [[ $cmd == *"run-case --case $dir/logs/"* ]]; then
      say "ending leftover case process $pid: $cmd"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
  done
}

# run_suite NAME LIMIT_S ARGS...: `lstmbench run ARGS --out OUT/NAME`; after a kill, the
# leftover case is ended and report.md/results.csv are rebuilt from what results.jsonl holds.
run_suite() {
  local name=$1 limit=$2
  shift 2
  local dir=$out/$name
  run_step "$name" "$limit" "$lb" run "$@" --out "$dir"
  if [[ $step_rc == 124 || $step_rc == 137 ]]; then
    end_leftover_cases "$dir"
    if [[ -s $dir/results.jsonl ]]; then
      timeout 60 "$lb" report "$dir/results.jsonl" > "$logs/$name-report.log" 2>&1
    fi
  fi
}

# --- binaries -----------------------------------------------------------------------------------
gpu_dir=${GPU_DIR:-.gpu}
if [[ -f $gpu_dir/gpu-env.sh ]]; then
  # shellcheck source=/dev/null
  source "$gpu_dir/gpu-env.sh" > "$logs/gpu-env.log" 2>&1
else
  echo "no $gpu_dir/gpu-env.sh: LD_LIBRARY_PATH left as it is" > "$logs/gpu-env.log"
fi
build=${LSTMBENCH_BUILD:-$gpu_dir/build}
lb=$(find "$build" -path '*/bin/lstmbench' -type f 2>/dev/null | sort | head -n 1)
test_bin=$(find "$build" -path '*/tests/plugins/cudnn/cudnn_plugin_test' -type f 2>/dev/null |
  sort | head -n 1)
for f in "$lb" "$test_bin"; do
  [[ -n $f && ! -x $f ]] && chmod u+x "$f"
done
{
  echo "repository: $repo"
  echo "build: $build"
  echo "lstmbench: ${lb:-NOT FOUND}"
  echo "cudnn_plugin_test: ${test_bin:-NOT FOUND}"
  echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
  echo "budget: $budget_s s"
} | tee "$logs/paths.log"
if [[ -z $lb ]]; then
  say "no lstmbench under $build: pack a GPU build first (docs/gpu-check.md)"
  exit 2
fi
if [[ -z ${LSTMBENCH_MACHINE:-} ]]; then
  LSTMBENCH_MACHINE=$(timeout 20 nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null |
    head -n 1)
fi
export LSTMBENCH_MACHINE

# The conformance tests load plugins from the build folder compiled into them unless
# LSTMBENCH_TEST_PLUGIN_DIR names another (tests/support/plugin_harness.hpp): the carried ones.
LSTMBENCH_TEST_PLUGIN_DIR=$(cd "$(dirname "$lb")/../plugins" && pwd)
export LSTMBENCH_TEST_PLUGIN_DIR

# write_summary [quiet|print]: OUT/SUMMARY.md from what OUT holds so far. It runs after every
# step that adds results, so a call cut off from outside still leaves a summary behind.
write_summary() {
  /usr/bin/env python3 - "$out" "${1:-quiet}" <<'PY'
"""The GPU targets' numbers from the run folders of gpu-check.sh (standard library only)."""
import csv, json, os, statistics, sys
import xml.etree.ElementTree as ET

out = sys.argv[1]
SUITES = ["seed-gpu", "variants", "torch", "variants-algo"]
lines = []
emit = lines.append


def read(path):
    try:
        with open(os.path.join(out, path), encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def results(suite):
    rows = []
    text = read(os.path.join(suite, "results.jsonl")) or ""
    for line in text.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed run
        r["_suite"] = suite
        rows.append(r)
    return rows


def timed_ms(r):
    epochs = r.get("epoch_ms") or []
    timed = epochs[r["spec"].get("warmup_epochs", 0):]
    return statistics.mean(timed) if timed else None


def details(r):
    d = {}
    for part in (r.get("backend_details") or "").split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            d.setdefault(k, v)
    return d


def opt(r, name, default=""):
    return r["spec"].get("options", {}).get(name, default)


def label(r):
    s = r["spec"]
    return (f"{r['_suite']}#{s['index']} {s['backend']} {s['precision']} {s['mode']} "
            f"H={s['hidden_size']} B={s['batch_size']} algo={opt(r, 'algo', '-')}")


def timed_rows(rows):
    return [r for r in rows if r.get("status") in ("ok", "unverified") and timed_ms(r)]


KEY = ["backend", "precision", "mode", "batch_size", "hidden_size", "num_layers", "seq_len",
       "train_windows", "learning_rate", "optimizer", "epochs"]


def key(r, without):
    s = r["spec"]
    k = tuple((f, s.get(f)) for f in KEY if f not in without)
    o = tuple(sorted((n, v) for n, v in s.get("options", {}).items() if n not in without))
    return k + o


def fmt(x, digits=1):
    return "—" if x is None else f"{x:.{digits}f}"


def verdict(ratio, target):
    return "PASS" if ratio >= target else "**FAIL**"


glance = {}  # target -> ratios where it applies


def judge(name, ratio, target, unverified=False):
    glance.setdefault(name, []).append((ratio, target))
    return verdict(ratio, target) + (" (unverified)" if unverified else "")


def unverified(*rows):
    return any(r.get("status") != "ok" for r in rows)


all_rows = {s: results(s) for s in SUITES}
everything = [r for s in SUITES for r in all_rows[s]]

emit("# GPU check: summary")
emit("")
emit(f"Folder: `{out}`. Times are the mean wall-clock ms of the timed epochs (after the "
     "warm-up) of each case, from `epoch_ms` in results.jsonl; a speed-up is the slower "
     "time over the faster. Targets from docs/gpu-check.md.")
emit("")
glance_at = len(lines)

# --- the machine
emit("## Machine")
emit("")
smi = (read("logs/nvidia-smi.log") or "").splitlines()
for ln in smi[:12]:
    emit("    " + ln)
try:
    doctor = read("logs/doctor-json.log") or ""
    env = json.loads(doctor[doctor.index("{"):])
    for p in env.get("plugins", []):
        if p.get("name") == "cudnn":
            e = p.get("environment", {})
            emit("")
            emit(f"- cudnn plugin: CUDA runtime built {e.get('cuda_runtime_built')}, loaded "
                 f"{e.get('cuda_runtime_loaded')}, driver {e.get('cuda_driver')}; cuDNN built "
                 f"{e.get('cudnn_built')}, loaded {e.get('cudnn_loaded')}")
            for d in e.get("devices", []) or []:
                emit(f"- device: {json.dumps(d)}")
            if e.get("no_device_reason"):
                emit(f"- **no device**: {e['no_device_reason']}")
    if env.get("load_failures"):
        emit(f"- plugin load failures: {env['load_failures']}")
except (ValueError, AttributeError):
    emit("- `lstmbench doctor --json` gave no JSON (logs/doctor-json.log)")
torch_logs = sorted(f for f in os.listdir(os.path.join(out, "logs")) if f.startswith("torch-env"))
for name in torch_logs:
    text = (read("logs/" + name) or "").strip().splitlines()
    if text and text[0].startswith("python"):
        emit(f"- torch peer ({name}): " + "; ".join(text))
emit("")

# --- steps
emit("## Steps")
emit("")
emit("| step | exit code | seconds | limit s | log |")
emit("|---|---|---|---|---|")
steps = list(csv.DictReader((read("steps.tsv") or "").splitlines(), delimiter="\t"))
for s in steps:
    rc = s["rc"]
    note = {"124": " (killed at its limit)", "137": " (killed at its limit)"}.get(rc, "")
    emit(f"| {s['step']} | {rc}{note} | {s['seconds']} | {s['limit_s']} | `{s['log']}` |")
emit("")

# --- tests
emit("## cudnn_plugin_test")
emit("")


def why(element):
    """GoogleTest's message: "file:line" then the text; keep the text, on one line."""
    if element is None:
        return ""
    text = (element.get("message") or element.text or "").splitlines()
    return " / ".join(t.strip() for t in text[1:] or text if t.strip())[:300]


xml = read("cudnn-tests.xml")
if xml is None:
    emit("No cudnn-tests.xml: the test binary did not finish (see logs/cudnn-tests.log).")
else:
    try:
        root = ET.fromstring(xml)
        cases = list(root.iter("testcase"))
        failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
        skipped = [c for c in cases if c.find("skipped") is not None or c.get("result") == "skipped"]
        emit(f"{len(cases)} tests, {len(failed)} failed, {len(skipped)} skipped.")
        for c in failed:
            f = c.find("failure") if c.find("failure") is not None else c.find("error")
            emit(f"- FAILED {c.get('classname')}.{c.get('name')}: {why(f)}")
        for c in skipped:
            emit(f"- skipped {c.get('classname')}.{c.get('name')}: {why(c.find('skipped'))}")
    except ET.ParseError as e:
        emit(f"cudnn-tests.xml does not parse: {e}")
emit("")

# --- statuses
emit("## Cases")
emit("")
emit("| run | cases | ok | unverified | skipped | failed/crashed/timeout/diverged |")
emit("|---|---|---|---|---|---|")
for s in SUITES:
    rows = all_rows[s]
    count = lambda *st: sum(r.get("status") in st for r in rows)
    emit(f"| {s} | {len(rows)} | {count('ok')} | {count('unverified')} | {count('skipped')} | "
         f"{count('failed', 'crashed', 'timeout', 'diverged')} |")
emit("")
emit("A suite cut short by its time limit has fewer cases than it defines (seed-gpu 6, "
     "variants 44, torch 12, variants-algo 24).")
emit("")

# --- graph vs eager
emit("## graph vs eager (target: graph >= 1.5x eager at batch 32)")
emit("")
timed = timed_rows(everything)
by_key = {}
for r in timed:
    # A graph case whose capture was refused ran eagerly ("graph_fallback=<reason>" in its
    # details): it is not a graph measurement and pairs with nothing.
    details = r.get("backend_details", "")
    if r["spec"]["mode"] == "graph" and "graph_fallback=" in details \
            and "graph_fallback=none" not in details:
        emit(f"- {r['_suite']}#{r['spec']['index']}: graph capture fell back to eager, left out "
             f"of the pairs ({details})")
        continue
    by_key.setdefault((r["_suite"], key(r, {"mode"})), {})[r["spec"]["mode"]] = r
emit("| run | precision | hidden | batch | algo | eager ms | graph ms | graph speed-up | target |")
emit("|---|---|---|---|---|---|---|---|---|")
pairs = sorted((v for v in by_key.values() if "eager" in v and "graph" in v),
               key=lambda v: (v["eager"]["spec"]["batch_size"], v["eager"]["spec"]["hidden_size"]))
for v in pairs:
    e, g = v["eager"], v["graph"]
    s = e["spec"]
    ratio = timed_ms(e) / timed_ms(g)
    target = (judge("graph >= 1.5x eager at batch 32", ratio, 1.5, unverified(e, g))
              if s["batch_size"] == 32 else "—")
    emit(f"| {e['_suite']} | {s['precision']} | {s['hidden_size']} | {s['batch_size']} | "
         f"{opt(e, 'algo', '-')}{' tf32' if opt(e, 'tf32') == 'true' else ''} | "
         f"{fmt(timed_ms(e))} | {fmt(timed_ms(g))} | {ratio:.2f}x | {target} |")
emit("")

# --- fp16 vs fp32
emit("## fp16 vs fp32 (target: fp16 >= 1.5x fp32 at hidden >= 512, batch >= 256)")
emit("")
by_key = {}
for r in timed:
    if r["spec"]["backend"] != "cudnn":
        continue
    by_key.setdefault((r["_suite"], key(r, {"precision"})), {})[r["spec"]["precision"]] = r
emit("| run | mode | hidden | batch | algo | fp32 ms | fp16 ms | fp16 speed-up | target |")
emit("|---|---|---|---|---|---|---|---|---|")
pairs = sorted((v for v in by_key.values() if "fp32" in v and "fp16" in v),
               key=lambda v: (-v["fp32"]["spec"]["hidden_size"], v["fp32"]["spec"]["batch_size"],
                              v["fp32"]["spec"]["mode"]))
for v in pairs:
    a, b = v["fp32"], v["fp16"]
    s = a["spec"]
    ratio = timed_ms(a) / timed_ms(b)
    applies = s["hidden_size"] >= 512 and s["batch_size"] >= 256
    emit(f"| {a['_suite']} | {s['mode']} | {s['hidden_size']} | {s['batch_size']} | "
         f"{opt(a, 'algo', '-')} | {fmt(timed_ms(a))} | {fmt(timed_ms(b))} | {ratio:.2f}x | "
         f"{judge('fp16 >= 1.5x fp32 at hidden >= 512, batch >= 256', ratio, 1.5, unverified(a, b)) if applies else '—'} |")
emit("")

# --- cudnn vs torch
emit("## cudnn vs PyTorch nn.LSTM on CUDA (targets at batch 32 and 256: cudnn eager at least "
     "as fast; cudnn graph >= 1.3x)")
emit("")
emit("torch ms is the runner's wall clock around each epoch (the same measure as cudnn's); "
     "the peer's own timing is in parentheses. PyTorch lets cuDNN use TF32 in fp32 by default "
     "(see the torch peer line above), so the `eager tf32` column is the like-for-like one.")
emit("")
emit("| batch | hidden | torch ms | cudnn eager ms | torch/eager | target | cudnn graph ms | "
     "torch/graph | target | cudnn eager tf32 ms | torch/eager tf32 |")
emit("|---|---|---|---|---|---|---|---|---|---|---|")
same = ["batch_size", "hidden_size", "num_layers", "seq_len", "train_windows", "learning_rate",
        "precision"]
for t in sorted((r for r in timed if r["spec"]["backend"] == "torch"),
                key=lambda r: r["spec"]["batch_size"]):
    s = t["spec"]
    mates = [r for r in timed if r["spec"]["backend"] == "cudnn"
             and all(r["spec"].get(f) == s.get(f) for f in same)]
    pick = lambda mode, tf32: next((r for r in mates if r["spec"]["mode"] == mode
                                    and opt(r, "tf32", "false") == tf32), None)
    eager, graph, eager_tf32 = pick("eager", "false"), pick("graph", "false"), pick("eager", "true")
    tms = timed_ms(t)
    own = t.get("backend_epoch_ms") or []
    own = own[s.get("warmup_epochs", 0):]
    applies = s["batch_size"] in (32, 256)
    cells = [f"{s['batch_size']}", f"{s['hidden_size']}",
             f"{fmt(tms)} ({fmt(statistics.mean(own)) if own else '—'})"]
    for mate, target, name in ((eager, 1.0, "cudnn eager at least as fast as torch (batch 32, 256)"),
                               (graph, 1.3, "cudnn graph >= 1.3x torch (batch 32, 256)")):
        if mate is None:
            cells += ["—", "—", "—"]
            continue
        ratio = tms / timed_ms(mate)
        cells += [fmt(timed_ms(mate)), f"{ratio:.2f}x",
                  judge(name, ratio, target, unverified(t, mate)) if applies else "—"]
    if eager_tf32 is None:
        cells += ["—", "—"]
    else:
        cells += [fmt(timed_ms(eager_tf32)), f"{tms / timed_ms(eager_tf32):.2f}x"]
    emit("| " + " | ".join(cells) + " |")
emit("")

# --- algorithms
emit("## cuDNN algorithms (requested -> what ran)")
emit("")
emit("| run | requested | ran | precision | mode | hidden | batch | ms/epoch | fallback |")
emit("|---|---|---|---|---|---|---|---|---|")
accepted = {}
for r in everything:
    s = r["spec"]
    if s["backend"] != "cudnn" or r.get("status") not in ("ok", "unverified", "diverged"):
        continue
    d = details(r)
    requested = d.get("requested", opt(r, "algo", "standard"))
    ran = d.get("algo", "?")
    accepted.setdefault(requested, [0, 0])[0 if ran == requested else 1] += 1
    if requested == "standard" and ran == "standard" and r["_suite"] != "variants-algo":
        continue  # the default everywhere: counted, not listed
    emit(f"| {r['_suite']} | {requested} | {ran} | {s['precision']} | {s['mode']} | "
         f"{s['hidden_size']} | {s['batch_size']} | {fmt(timed_ms(r))} | "
         f"{d.get('fallback', '')[:120]} |")
emit("")
for algo, (yes, no) in sorted(accepted.items()):
    emit(f"- {algo}: ran as requested in {yes} case(s), fell back in {no}")
emit("")

# --- not ok
emit("## Cases not ok or not verified (target: every case verified)")
emit("")
bad = [r for r in everything
       if r.get("status") != "ok" or not (r.get("verification") or {}).get("passed")]
if not bad:
    emit(f"None: all {len(everything)} cases ok and verified.")
for r in bad[:80]:
    v = r.get("verification") or {}
    reason = r.get("reason") or v.get("note") or ""
    verified = ("yes" if v.get("passed") else "NO") if v.get("ran") else "not run"
    emit(f"- {label(r)}: **{r.get('status')}**, verified {verified}: {reason[:300]}")
if len(bad) > 80:
    emit(f"- ... and {len(bad) - 80} more (results.jsonl of each run)")
emit("")

# --- the targets at a glance, placed after the introduction
head = ["## Targets at a glance", "",
        "| target | pairs | pass | lowest ratio |", "|---|---|---|---|"]
for name in ["graph >= 1.5x eager at batch 32",
             "fp16 >= 1.5x fp32 at hidden >= 512, batch >= 256",
             "cudnn eager at least as fast as torch (batch 32, 256)",
             "cudnn graph >= 1.3x torch (batch 32, 256)"]:
    got = glance.get(name, [])
    passed = sum(r >= t for r, t in got)
    low = f"{min(r for r, _ in got):.2f}x" if got else "—"
    head.append(f"| {name} | {len(got)} | {passed} | {low} |")
verified = sum(r.get("status") == "ok" and (r.get("verification") or {}).get("passed")
               for r in everything)
head.append(f"| every case ok and verified | {len(everything)} cases | {verified} | — |")
head.append("")
lines[glance_at:glance_at] = head

text = "\n".join(lines) + "\n"
with open(os.path.join(out, "SUMMARY.md"), "w", encoding="utf-8") as f:
    f.write(text)
if sys.argv[2] != "print":
    sys.exit(0)
print(text)
# Again at the very end, where a truncated console tail still shows it.
print("\n".join(["(SUMMARY.md, repeated)", ""] + head))
print("steps: " + ", ".join(f"{s['step']}={s['rc']} ({s['seconds']} s)" for s in steps))
PY
}

# --- 1. the machine -----------------------------------------------------------------------------
run_step nvidia-smi 30 nvidia-smi
run_step nvidia-smi-q 30 nvidia-smi -q
run_step doctor 60 "$lb" doctor
run_step doctor-json 60 "$lb" doctor --json
run_step list 60 "$lb" list

torch_probe='
import sys, torch
print("python", sys.executable, sys.version.split()[0])
print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())
print("cuda_available", torch.cuda.is_available())
if torch.cuda.is_available():
    print("device", torch.cuda.get_device_name(0), torch.cuda.get_device_capability(0))
print("cudnn.allow_tf32", torch.backends.cudnn.allow_tf32,
      "matmul.allow_tf32", torch.backends.cuda.matmul.allow_tf32)
'
torch_py=${TORCH_PYTHON:-}
if [[ -n $torch_py ]]; then
  run_step torch-env 60 "$torch_py" -c "$torch_probe"
else
  for candidate in python3 /usr/bin/python3 /usr/local/bin/python3 /opt/conda/bin/python \
    .venv-peers/bin/python; do
    command -v "$candidate" > /dev/null 2>&1 || continue
    run_step "torch-env-${candidate//\//_}" 60 \
      "$candidate" -c "$torch_probe"
    if [[ $step_rc == 0 ]]; then
      torch_py=$candidate
      break
    fi
  done
fi
say "torch peer python: ${torch_py:-none imports torch}"

# --- 2. GPU conformance tests -------------------------------------------------------------------
if [[ -n $test_bin ]]; then
  run_step cudnn-tests 150 "$test_bin" --gtest_output="xml:$out/cudnn-tests.xml"
else
  printf 'cudnn-tests\tmissing\t0\t0\tlogs/paths.log\n' >> "$steps_tsv"
fi

write_summary > /dev/null 2>&1

# --- 3. the GPU rows of the seed suite (short form) ---------------------------------------------
run_suite seed-gpu 75 suites/seed.toml --backend cudnn --set epochs=5 --set timeout_s=60

write_summary > /dev/null 2>&1

# --- 4. the variants ----------------------------------------------------------------------------
run_suite variants 240 suites/gpu-variants.toml

write_summary > /dev/null 2>&1

# --- 5. the same workload through PyTorch on CUDA -----------------------------------------------
torch_suite=suites/gpu-seed.toml
if [[ -n $torch_py && $torch_py != python3 ]]; then
  mkdir -p "$out/suites"
  torch_suite=$out/suites/gpu-seed.toml
  sed "s|^command = \[\"python3\",|command = [\"$torch_py\",|" suites/gpu-seed.toml > "$torch_suite"
fi
run_suite torch 120 "$torch_suite"

write_summary > /dev/null 2>&1

# --- 6. the cuDNN algorithms (the slice described in suites/gpu-variants.toml) ------------------
run_suite variants-algo 110 suites/gpu-variants.toml --set hidden_size=64 \
  --set train_windows=16384 --set 'batch_size=[32, 256]' \
  --set 'algo=["persist_static", "persist_static_small_h", "persist_dynamic"]'

write_summary > /dev/null 2>&1

run_step nvidia-smi-after 30 nvidia-smi -q -d PERFORMANCE,CLOCK,TEMPERATURE,POWER,MEMORY

write_summary print
summary_rc=$?
printf 'summary\t%s\t0\t0\tSUMMARY.md\n' "$summary_rc" >> "$steps_tsv"
say "done in $(($(date +%s) - t_start)) s; results in $out"
# 0 only when every step exited 0 (a suite with a failed or unverified case exits 1, a killed
# step 124).
awk -F'\t' 'NR > 1 && $2 != "0" { bad = 1 } END { exit bad }' "$steps_tsv"
