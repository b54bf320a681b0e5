#!/usr/bin/env bash
# Queues a suite as N Slurm array tasks (shard.sbatch) and the merge job that runs when all of
# them succeeded (merge.sbatch, --dependency=afterok). Run it from the repository root:
#   tools/slurm/submit.sh SUITE N [sbatch options for the shards...] [-- lstmbench run options]
#   tools/slurm/submit.sh suites/gpu-variants.toml 4 --partition=gpu -- --fail-on-skip
# The shards write RUNS/shard-K and the merge RUNS/merged (RUNS: $LSTMBENCH_RUNS, default runs);
# the Slurm logs go to RUNS/slurm-*.log.
set -euo pipefail

if [ $# -lt 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 SUITE N [sbatch options] [-- lstmbench run options]" >&2
  exit 2
fi
suite=$1
shards=$2
shift 2
sbatch_options=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  sbatch_options+=("$1")
  shift
done
[ $# -gt 0 ] && shift  # the --
here=$(dirname "$0")
runs=${LSTMBENCH_RUNS:-runs}
mkdir -p "$runs"  # Slurm opens the log files before the job starts

# --parsable prints "ID" or "ID;CLUSTER".
array_id=$(sbatch --parsable --array="1-$shards" --output="$runs/slurm-%A_%a.log" \
  "${sbatch_options[@]}" "$here/shard.sbatch" "$suite" "$@")
array_id=${array_id%%;*}
merge_id=$(sbatch --parsable --dependency="afterok:$array_id" \
  --output="$runs/slurm-%j-merge.log" "$here/merge.sbatch")
merge_id=${merge_id%%;*}
echo "shards: job $array_id (tasks 1-$shards) -> $runs/shard-K"
echo "merge:  job $merge_id, after all of them succeeded -> $runs/merged"
