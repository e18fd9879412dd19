#!/usr/bin/env bash
# Creates (or updates) the role the silos connect with on one database that apply.sh has prepared, and grants it
# exactly what the Orleans providers need (roles/silo-role.sql). Run it as the owner of the schema objects.
#
# Usage: deploy/sql/create-silo-role.sh postgresql://OWNER:PASS@HOST:PORT/DB ROLE PASSWORD
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 ADMIN_URL ROLE PASSWORD" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 --single-transaction \
    -v silo_role="$2" -v silo_password="$3" -d "$1" -f "$here/roles/silo-role.sql" >/dev/null
echo "create-silo-role.sh: role $2 may use the cluster tables; no one else may connect"
