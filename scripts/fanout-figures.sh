#!/usr/bin/env bash
# The notice fan-out figure, re-measured: N customers (1,000 by default)
# by email and chat through the real dispatcher to an SMTP server and an
# HTTP receiver on 127.0.0.1. Prints deliveries per second and what each
# server received; exits 1 if any delivery was lost or arrived twice.
#
#   scripts/fanout-figures.sh          # 1,000 customers x (email + chat)
#   scripts/fanout-figures.sh 5000
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example fanout_figures
exec "${CARGO_TARGET_DIR:-target}/release/examples/fanout_figures" "$@"
