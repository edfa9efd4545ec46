#!/usr/bin/env bash
# The store's fault figures, re-measured: a release build of sredesk killed
# with SIGKILL at random moments while it writes, then several writers at
# once, against a real store in a scratch directory. Prints acknowledged
# writes, lost, duplicates and torn ones; exits 1 if any is wrong.
#
#   scripts/fault-figures.sh                  # 200 kills, 8 writers x 25
#   scripts/fault-figures.sh 1000 12 50
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin sredesk --example fault_figures
exec "${CARGO_TARGET_DIR:-target}/release/examples/fault_figures" "$@"
