#!/usr/bin/env bash
# Lints the PostgreSQL DDL of every bundled example with squawk (squawk-cli on PyPI).
# Installs squawk when it is missing. Rule exclusions, each with its reason, are in
# .squawk.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/schemac-target}"

if ! command -v squawk >/dev/null 2>&1; then
  echo "installing squawk-cli"
  python3 -m pip install --quiet squawk-cli
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cargo build --quiet --bin schemac
for example in examples/*/; do
  name="$(basename "$example")"
  "$CARGO_TARGET_DIR/debug/schemac" ddl "$example" --dialect postgres > "$out/$name.sql"
done
squawk "$out"/*.sql
echo "squawk: clean"
