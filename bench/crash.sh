#!/usr/bin/env bash
# The long crash-safety run: kills a vault writer with SIGKILL N times (default 5000) and
# checks the vault after each kill (core/tests/crash.rs; `cargo test` runs 200).
#   bench/crash.sh [N]            HOKEN_CRASH_SEED=... repeats a run
set -euo pipefail
cd "$(dirname "$0")/.."
export HOKEN_CRASH_ITERATIONS="${1:-${HOKEN_CRASH_ITERATIONS:-5000}}"
exec cargo test -p hoken-core --locked --test crash -- --nocapture crash_safety_under_sigkill
