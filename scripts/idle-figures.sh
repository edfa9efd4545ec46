#!/usr/bin/env bash
# Idle CPU of the demo board against htop's, side by side: both in tmux
# panes of the same size on a private tmux server, left alone for SECONDS
# (60 by default) after a settling pause, their CPU read from
# /proc/PID/stat (utime + stime) before and after. Prints each one's share
# of a core and the ratio (goal: sredesk at most 0.25 x htop).
#
#   scripts/idle-figures.sh            # 60 s
#   scripts/idle-figures.sh 120
#   CUSTOMERS=10000 scripts/idle-figures.sh   # a demo store that big
#   STORE=path/to/x.db scripts/idle-figures.sh  # the board on a copy of x.db
#   SETTLE=30 ...                             # seconds left to settle first (5)
#   READ_ONLY=1 ...                           # the board opened --read-only
#
# A big demo store queues a notice to every customer (about 59,000
# deliveries at 10,000 customers): while the dashboard's sender works
# through them (some minutes for email and chat, about 3 SMS a second) the
# board is not idle. A desk at rest has nothing to send: `--no-notices`
# makes the same desk with an empty outbox, opened read-write as usual
# (a read-only board sends nothing and writes nothing either):
#
#   sredesk demo --customers 10000 --no-notices --no-open --db /tmp/big.db
#   STORE=/tmp/big.db SETTLE=20 scripts/idle-figures.sh 120
#   STORE=/tmp/big.db READ_ONLY=1 SETTLE=30 scripts/idle-figures.sh 120
#
# Needs tmux and htop (Debian: `sudo apt-get install htop tmux`).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_IDLE="${1:-60}"
CUSTOMERS="${CUSTOMERS:-12}"
for tool in tmux htop; do
  command -v "$tool" >/dev/null || {
    echo "idle-figures: $tool is missing (Debian: sudo apt-get install $tool)" >&2
    exit 2
  }
done
cargo build --release --quiet --bin sredesk
BIN="${CARGO_TARGET_DIR:-target}/release/sredesk"
T=$(mktemp -d)
SOCK="idle-figures-$$"
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
ENVS="env XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state SREDESK_ENGINEER=idle"
if [ -n "${STORE:-}" ]; then
  cp "$STORE" "$T/board.db"
  DESK_CMD="$BIN board --db $T/board.db ${READ_ONLY:+--read-only}"
  CUSTOMERS=$("$BIN" --db "$T/board.db" customer list 2>/dev/null | tail -n +2 | wc -l)
else
  DESK_CMD="$BIN demo --customers $CUSTOMERS ${READ_ONLY:+--read-only}"
fi
tmux -L "$SOCK" new-session -d -s idle -x 120 -y 40 \
  "$ENVS $DESK_CMD; sleep 3600"
tmux -L "$SOCK" new-window -t idle -n htop "htop; sleep 3600"
tmux -L "$SOCK" resize-window -t idle:0 -x 120 -y 40 2>/dev/null || true
tmux -L "$SOCK" resize-window -t idle:1 -x 120 -y 40 2>/dev/null || true
pid_of() { # the newest process named $1 on this tmux server's panes
  local pane
  for pane in $(tmux -L "$SOCK" list-panes -a -F '#{pane_pid}'); do
    pgrep -P "$pane" -x "$1" || true
  done | tail -1
}
# The demo store is generated first (minutes at 10,000 customers); wait
# for the dashboard to be up.
for _ in $(seq 1 2400); do
  DESK=$(pid_of sredesk); TOP=$(pid_of htop)
  [ -n "$DESK" ] && [ -n "$TOP" ] && tmux -L "$SOCK" capture-pane -p -t idle:0 | grep -q "ST" && break
  sleep 0.5
done
[ -n "${DESK:-}" ] && [ -n "${TOP:-}" ] || { echo "idle-figures: the board or htop did not start" >&2; exit 1; }
# Its first reads (the quota pane's summaries among them) settle first.
sleep "${SETTLE:-5}"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
d0=$(ticks "$DESK"); h0=$(ticks "$TOP")
sleep "$SECONDS_IDLE"
d1=$(ticks "$DESK"); h1=$(ticks "$TOP")
# What the board holds in memory once settled (resident, in kB).
RSS=$(awk '/^VmRSS:/ {print $2}' "/proc/$DESK/status")
awk -v d=$((d1 - d0)) -v h=$((h1 - h0)) -v s="$SECONDS_IDLE" -v hz="$HZ" -v c="$CUSTOMERS" -v rss="$RSS" 'BEGIN {
  dp = 100 * d / hz / s; hp = 100 * h / hz / s;
  printf "idle %d s, %d customers: sredesk %.3f %% of a core, htop %.3f %%, ratio %.2f; sredesk resident %.0f MB\n", s, c, dp, hp, (h > 0 ? d / h : 0), rss / 1024
}'
