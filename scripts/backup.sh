#!/usr/bin/env bash
# Back up the database and the uploaded files into one dated folder (docs/operations.md).
#
#   scripts/backup.sh [BACKUP_ROOT]        (default: $VAR_DIR/backups or ./var/backups)
#
# Reads DATABASE_URL and MEDIA_ROOT like the application. PostgreSQL: pg_dump custom format
# (compressed, restorable table by table); SQLite: the online backup API (safe while serving).
# Writes db.dump or db.sqlite3, media.tar.gz and SHA256SUMS; prints the folder.
# The ledger signing key is NOT in the backup: it is kept apart on purpose (docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
ROOT="${1:-${VAR_DIR:-var}/backups}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/$STAMP"
mkdir -p "$OUT"
URL="${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}"
case "$URL" in
  postgres://*|postgresql://*)
    pg_dump --format=custom --no-owner --no-privileges --file="$OUT/db.dump" "$URL" ;;
  sqlite://*)
    SRC="${URL#sqlite://}"
    "$PYTHON" -c 'import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
        "$SRC" "$OUT/db.sqlite3" ;;
  *) echo "unsupported DATABASE_URL" >&2; exit 1 ;;
esac
MEDIA="${MEDIA_ROOT:-media}"
if [ -d "$MEDIA" ]; then
  tar -czf "$OUT/media.tar.gz" -C "$MEDIA" .
else
  tar -czf "$OUT/media.tar.gz" --files-from /dev/null
fi
(cd "$OUT" && sha256sum db.* media.tar.gz > SHA256SUMS)
echo "$OUT"
