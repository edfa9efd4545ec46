#!/usr/bin/env bash
# The README's import figure: generates a 10,000-row CSV for 20 subscribed
# customers (each with its month's 10 faster and 5 expert units used by
# the file, the rest general), then times `sredesk ticket import` on a
# release build, three times, each into a fresh copy of the same store.
#
#   scripts/import-figure.sh            # 10,000 rows
#   ROWS=50000 scripts/import-figure.sh
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${ROWS:-10000}
customers=20
runs=3

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/sredesk

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fixed clock and a store of our own: nothing of the user's is touched.
export SREDESK_NOW=2026-11-22T10:00:00Z SREDESK_ENGINEER=bench
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state
unset SREDESK_CONFIG SREDESK_LOG SREDESK_LOG_FILE

export SREDESK_DB=$work/base.db
for c in $(seq 1 "$customers"); do
    "$bin" customer add --name "Customer $c" --kind local >/dev/null
    "$bin" subscription add --customer "Customer $c" --applied-on 2026-10-20 \
        --start 2026-11-01 --months 12 >/dev/null
done

# Rows spread over the 20 days before now, oldest first, so every row
# falls in November and takes its quota in the file's order.
awk -v rows="$rows" -v customers="$customers" 'BEGIN {
    print "customer,severity,kind,ticket_no,title,description,reported_at"
    now = 21 * 86400 + 10 * 3600  # 2026-11-22T10:00:00Z, from 1 November
    for (i = 0; i < rows; i++) {
        c = i % customers + 1
        n = int(i / customers)
        kind = n < 10 ? "faster" : (n < 15 ? "expert" : "general")
        t = now - int((rows - i) * 20 * 86400 / rows)
        printf "Customer %d,S%d,%s,IMP-%06d,\"ECS instance %d unreachable, cn-north-4\",", c, i % 5 + 1, kind, i, i
        printf "\"seen by the customer at %d\nafter a restart\",", i
        printf "2026-11-%02dT%02d:%02d:%02dZ\n", int(t / 86400) + 1, int(t % 86400 / 3600), int(t % 3600 / 60), t % 60
    }
}' >"$work/tickets.csv"
echo "generated $rows rows ($(du -h "$work/tickets.csv" | cut -f1)) for $customers customers"

times=()
for r in $(seq 1 "$runs"); do
    cp "$work/base.db" "$work/run.db"
    export SREDESK_DB=$work/run.db
    start=$(date +%s.%N)
    said=$("$bin" ticket import "$work/tickets.csv")
    end=$(date +%s.%N)
    t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
    times+=("$t")
    printf 'run %d: %.2f s  (%s)\n' "$r" "$t" "$said"
    rm -f "$work"/run.db*
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
awk -v rows="$rows" -v t="$median" -v runs="$runs" 'BEGIN {
    printf "sredesk ticket import, %d rows, release build: median %.2f s of %d runs, %d rows/s\n",
        rows, t, runs, rows / t
}'
