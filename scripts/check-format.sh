#!/usr/bin/env bash
# Fails when a C, C++ or CUDA source of the project is not formatted as .clang-format says
# (Google base, 100 columns). The frozen copy of the 1.0 ABI header is left as it was written.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.cu' '*.cuh' |
                     grep -v '^tests/plugin/fixtures/abi_1_0/')
clang-format --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files formatted as .clang-format says"
