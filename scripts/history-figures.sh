#!/usr/bin/env bash
# Figures for the history search (issue 14): the search step's time and the
# index's size on the 1M demo store, and what one page of `ticket search`
# costs on 10k and 1M stores, for a common word and a rare one.
#
#   cargo build --release && scripts/history-figures.sh [DIR]
#
# The steps are timed by taking a store back to version 16 (the search
# index and the board's sort indexes dropped from the schema, then VACUUM) and opening it with this
# build. Page times are whole `ticket search` runs (process start and
# store open included), the best of 5: the same start-up on both sizes,
# so a page that grew with the store would show as a difference.
set -euo pipefail
BIN=${BIN:-target/release/sredesk}
DIR=${1:-$(mktemp -d)}
ms() { python3 -c 'import sys,time,subprocess
best=1e9
for _ in range(5):
    t=time.perf_counter(); subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,check=True); best=min(best,time.perf_counter()-t)
print(f"{best*1000:.1f} ms")' "$@"; }
for n in 10000 1000000; do
  db="$DIR/h$n.db"
  [ -f "$db" ] || { /usr/bin/time -f "demo --tickets $n: %e s" "$BIN" demo --no-open --db "$db" --tickets "$n" >/dev/null; }
  for word in backup "did not complete" zzzqqq; do
    echo "$n tickets, search '$word', one page of 20: $(ms "$BIN" --db "$db" ticket search $word --limit 20)"
  done
  echo "$n tickets, every escalation, one page of 20: $(ms "$BIN" --db "$db" ticket search --limit 20)"
done
db="$DIR/h1000000.db"
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
size = c.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'escalation_search%'").fetchone()[0]
idx = c.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'escalations_reported'").fetchone()[0]
total = c.execute("SELECT sum(pgsize) FROM dbstat").fetchone()[0]
print(f"search index: {size/2**20:.0f} MiB, escalations_reported: {idx/2**20:.0f} MiB, of {total/2**20:.0f} MiB")
PY
old="$DIR/v16.db"
cp "$db" "$old"
python3 - "$old" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA writable_schema = ON")
c.execute("DELETE FROM sqlite_schema WHERE name LIKE 'escalation_search%' OR tbl_name LIKE 'escalation_search%' OR name = 'escalations_reported' OR name LIKE 'escalations_sort_%' OR name = 'escalations_board_wait'")
c.execute("PRAGMA writable_schema = OFF")
c.execute("PRAGMA user_version = 16")
c.commit()
c.execute("VACUUM")
PY
/usr/bin/time -f "the search and board-sort steps on 1M escalations (open of a version-16 file): %e s" \
  "$BIN" --db "$old" ticket search zzzqqq --limit 1 >/dev/null
