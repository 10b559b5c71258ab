#!/usr/bin/env bash
# The whole test suite: the README's test command, and what CI runs.
# Needs PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306 (see README); it
# starts them when they are installed but stopped, and fails (never skips) when it
# cannot reach them.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/schemac-target}"

bash scripts/services.sh

command -v squawk >/dev/null 2>&1 || python3 -m pip install --quiet squawk-cli # for tests/migrations_squawk.rs
echo "== cargo test (workspace)"
cargo test --workspace

echo "== squawk on the generated PostgreSQL DDL"
bash scripts/squawk.sh
