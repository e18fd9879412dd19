#!/usr/bin/env bash
# Applies the Orleans ADO.NET schema + stored queries (deploy/sql/postgresql/*.sql, in name order)
# to one PostgreSQL database, in a single transaction. Safe to re-run: every script is idempotent.
#
# Usage: deploy/sql/apply.sh [postgresql://user:pass@host:port/db]
#        (without an argument the usual PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE apply)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shopt -s nullglob
scripts=("$here"/postgresql/*.sql)
if [ ${#scripts[@]} -eq 0 ]; then
    echo "apply.sh: no scripts under $here/postgresql" >&2
    exit 1
fi

args=(-X -q -v ON_ERROR_STOP=1 --single-transaction)
if [ $# -ge 1 ]; then
    args+=(-d "$1")
fi
for f in "${scripts[@]}"; do
    args+=(-f "$f")
done

# Quiet the NOTICEs that IF NOT EXISTS raises on a second run.
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql "${args[@]}" >/dev/null
echo "apply.sh: applied ${#scripts[@]} scripts"
