#!/usr/bin/env bash
# How soon another process's write shows on the board: a dashboard on the
# demo store in a tmux pane, filtered to the probes' title, while another
# process adds N escalations with `sredesk ticket add`, one at a
# time at a random moment. Each sample is the time from that command's
# exit (its commit done) until the pane shows the new ticket number,
# read with `tmux capture-pane` every 10 ms. Prints the median, p99 and
# max (goal: p99 at most 250 ms).
#
#   scripts/live-figures.sh          # 60 writes, on an SQLite file
#   scripts/live-figures.sh 200
#   scripts/live-figures.sh 60 postgres://USER@HOST/DB
#
# With a URL the desk is the demo made in that PostgreSQL database, which
# must hold no desk yet (`createdb DB` makes one); the board is then woken
# by the server's NOTIFY.
#
# Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-60}"
URL="${2:-}"
command -v tmux >/dev/null || {
  echo "live-figures: tmux is missing (Debian: sudo apt-get install tmux)" >&2
  exit 2
}
cargo build --release --quiet --bin sredesk
BIN="$PWD/${CARGO_TARGET_DIR:-target}/release/sredesk"
T=$(mktemp -d)
SOCK="live-figures-$$"
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
export XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state
DB="${URL:-$T/demo.db}"
export SREDESK_ENGINEER=live SREDESK_DB=$DB
"$BIN" demo --no-open --db "$DB" >/dev/null
# Tall enough that every probe escalation fits on the filtered board.
ROWS=$((N + 12))
tmux -L "$SOCK" new-session -d -s live -x 160 -y "$ROWS" \
  "env XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state SREDESK_ENGINEER=live $BIN --db '$DB'; sleep 3600"
shown() { tmux -L "$SOCK" capture-pane -p -t live | grep -q -- "$1"; }
for _ in $(seq 1 600); do shown "CLOCK" && break; sleep 0.1; done
shown "CLOCK" || { echo "live-figures: the board did not start" >&2; exit 1; }
tmux -L "$SOCK" send-keys -t live / "latencyprobe" Enter
for _ in $(seq 1 100); do shown "No open escalation matches" && break; sleep 0.1; done
shown "No open escalation matches" || { echo "live-figures: the filter did not apply" >&2; exit 1; }
now_ms() { date +%s%3N; }
: >"$T/samples"
for i in $(seq 1 "$N"); do
  # A random moment, so the samples do not ride one phase of any poll.
  sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
  ticket=$(printf 'LAT-%05d' "$i")
  "$BIN" ticket add --customer "Jade River Bank" --severity S5 --kind general \
    --ticket-no "$ticket" --title "latencyprobe $i" >/dev/null
  done_at=$(now_ms)
  until shown "$ticket"; do
    if [ $(($(now_ms) - done_at)) -gt 10000 ]; then
      echo "live-figures: $ticket not shown after 10 s" >&2
      exit 1
    fi
    sleep 0.01
  done
  echo $(($(now_ms) - done_at)) >>"$T/samples"
done
ENGINE=$([ -n "$URL" ] && echo PostgreSQL || echo "SQLite file")
sort -n "$T/samples" | awk -v n="$N" -v engine="$ENGINE" '{ v[NR] = $1 } END {
  r = 0.99 * NR; k = int(r); if (k < r) k++  # nearest rank
  p99 = v[k]
  printf "live (%s): %d writes from another process: median %d ms, p99 %d ms, max %d ms (goal p99 <= 250 ms)\n",
    engine, NR, v[int((NR + 1) / 2)], p99, v[NR]
}'
