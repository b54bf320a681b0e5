#!/usr/bin/env bash
# Installs the Debian 12 packages lstmbench builds and tests with. As root it installs what is
# missing; otherwise it prints the exact apt-get line and stops. CUDA and cuDNN are not Debian
# packages: where /usr/local/cuda (or CUDNN_ROOT) has them, the cuDNN plugin is built too.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config procps
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost1.74-dev libboost-filesystem1.74-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libdnnl-dev ocl-icd-opencl-dev   # oneDNN's CMake config requires OpenCL (notes/plugins-config.md 4.7)
  python3 python3-numpy            # the numpy peer used by the external-protocol tests
  python3-jsonschema               # checks results files against docs/schema/
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

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
