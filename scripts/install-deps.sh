#!/usr/bin/env bash
# Installs what strata needs to build and test on Debian 12 (bookworm).
set -euo pipefail
packages=(g++ clang libclang-rt-14-dev cmake make python3 libboost1.81-dev libboost-json1.81-dev doctest-dev libbenchmark-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "installed: ${missing[*]}"
else
  echo "dependencies already installed"
fi
