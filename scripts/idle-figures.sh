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
tmux -L "$SOCK" new-session -d -s idle -x 120 -y 40 \
  "$ENVS $BIN demo --customers $CUSTOMERS; sleep 3600"
tmux -L "$SOCK" new-window -t idle -n htop "htop; sleep 3600"
tmux -L "$SOCK" resize-window -t idle:0 -x 120 -y 40 2>/dev/null || true
tmux -L "$SOCK" resize-window -t idle:1 -x 120 -y 40 2>/dev/null || true
pid_of() { # the newest process named $1 on this tmux server's panes
  local pane
  for pane in $(tmux -L "$SOCK" list-panes -a -F '#{pane_pid}'); do
    pgrep -P "$pane" -x "$1" || true
  done | tail -1
}
# The demo store is generated first; wait for the dashboard to be up.
for _ in $(seq 1 600); do
  DESK=$(pid_of sredesk); TOP=$(pid_of htop)
  [ -n "$DESK" ] && [ -n "$TOP" ] && tmux -L "$SOCK" capture-pane -p -t idle:0 | grep -q "ST" && break
  sleep 0.5
done
[ -n "${DESK:-}" ] && [ -n "${TOP:-}" ] || { echo "idle-figures: the board or htop did not start" >&2; exit 1; }
sleep 5
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
d0=$(ticks "$DESK"); h0=$(ticks "$TOP")
sleep "$SECONDS_IDLE"
d1=$(ticks "$DESK"); h1=$(ticks "$TOP")
awk -v d=$((d1 - d0)) -v h=$((h1 - h0)) -v s="$SECONDS_IDLE" -v hz="$HZ" -v c="$CUSTOMERS" 'BEGIN {
  dp = 100 * d / hz / s; hp = 100 * h / hz / s;
  printf "idle %d s, %d customers: sredesk %.3f %% of a core, htop %.3f %%, ratio %.2f\n", s, c, dp, hp, (h > 0 ? d / h : 0)
}'
