#!/usr/bin/env bash
# Creates (idempotently) the Python venv with the external validators the test suite runs:
# cfn-lint, aws-sam-translator, aws-sam-cli and PyYAML, pinned in requirements.txt beside this
# script. Prints the venv's bin directory on stdout. Safe to run from several processes at once.
# A fresh install downloads ~100 packages (aws-sam-cli brings boto3, docker, flask, ...) and
# takes about a minute and a half; later runs only compare the stamp.
#
# `ensure.sh node` instead installs the Node validators (asl-validator, pinned with its whole
# tree in node/package.json and node/package-lock.json, by `npm ci`) into
# target/validators/node and prints their bin directory. Needs node and npm on PATH; about two
# seconds fresh. Same lock, same stamp scheme.
#
# `ensure.sh chromium` instead makes sure Debian's `chromium` package is installed (the graph
# tests render SVG pictures with it, headless) and prints the path of the `chromium` program.
# Installs with apt-get (as root, as on the project's machines) when it is missing: about a
# minute fresh, then nothing but a `command -v`. Fails, never skips, when it cannot install.
# `ensure.sh cargo-lambda` instead installs cargo-lambda and zig (its linker for Lambda's
# glibc), pinned in cargo-lambda.txt, from PyPI into target/cargo-lambda/venv and prints that
# bin directory (`cargo-lambda`, and a `python3` that runs `-m ziglang`, which cargo-lambda
# finds when there is no `zig`). About 35 s and 470 MB fresh; its own lock and stamp.
# `ensure.sh checkov` instead installs checkov, its whole tree pinned in checkov.txt, from PyPI
# into target/checkov/venv and prints that bin directory. Its own venv because its pins
# conflict with the validators' (requirements.txt); about 40 s and 290 MB fresh; its own lock
# and stamp.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
dir="$target/validators"
venv="$dir/venv"
req="$here/requirements.txt"
if [ "${1:-}" = cargo-lambda ]; then
  cl_dir="$target/cargo-lambda"
  cl_req="$here/cargo-lambda.txt"
  mkdir -p "$cl_dir"
  exec 8>"$cl_dir/.lock"
  flock 8
  want="$(sha256sum "$cl_req" | cut -d' ' -f1)"
  if [ ! -x "$cl_dir/venv/bin/cargo-lambda" ] || [ "$(cat "$cl_dir/stamp" 2>/dev/null)" != "$want" ]; then
    rm -rf "$cl_dir/venv" "$cl_dir/stamp"
    python3 -m venv "$cl_dir/venv" >&2
    "$cl_dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$cl_req" >&2
    echo "$want" >"$cl_dir/stamp"
  fi
  echo "$cl_dir/venv/bin"
  exit 0
fi
if [ "${1:-}" = checkov ]; then
  ck_dir="$target/checkov"
  ck_req="$here/checkov.txt"
  mkdir -p "$ck_dir"
  exec 8>"$ck_dir/.lock"
  flock 8
  want="$(sha256sum "$ck_req" | cut -d' ' -f1)"
  if [ ! -x "$ck_dir/venv/bin/checkov" ] || [ "$(cat "$ck_dir/stamp" 2>/dev/null)" != "$want" ]; then
    rm -rf "$ck_dir/venv" "$ck_dir/stamp"
    python3 -m venv "$ck_dir/venv" >&2
    "$ck_dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ck_req" >&2
    echo "$want" >"$ck_dir/stamp"
  fi
  echo "$ck_dir/venv/bin"
  exit 0
fi
mkdir -p "$dir"
if [ "${1:-}" = chromium ]; then
  # Its own lock: apt takes a minute and must not hold up the venv's users.
  exec 8>"$dir/.chromium.lock"
  flock 8
  if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
  fi
  command -v chromium
  exit 0
fi
exec 9>"$dir/.lock"
flock 9
if [ "${1:-}" = node ]; then
  node_dir="$dir/node"
  want="$(cat "$here/node/package.json" "$here/node/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$node_dir/node_modules/.bin/asl-validator" ] || [ "$(cat "$node_dir/stamp" 2>/dev/null)" != "$want" ]; then
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp "$here/node/package.json" "$here/node/package-lock.json" "$node_dir/"
    (cd "$node_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    echo "$want" >"$node_dir/stamp"
  fi
  echo "$node_dir/node_modules/.bin"
  exit 0
fi
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$dir/stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv" "$dir/stamp"
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2
  echo "$want" >"$dir/stamp"
fi
echo "$venv/bin"
