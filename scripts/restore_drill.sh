#!/usr/bin/env bash
# Restore drill (docs/operations.md): restore a backup into a FRESH database, verify the ledger,
# and compare it with the last published checkpoint kept outside the backups.
#
#   scripts/restore_drill.sh BACKUP_DIR PUBLISHED_CHECKPOINT.json [TARGET]
#
# TARGET: PostgreSQL database name (default custody_restore_drill, dropped and created anew) when
# DATABASE_URL is PostgreSQL; a file path for SQLite (default var/restore-drill.sqlite3).
# Exit 0: restored, ledger intact, holds the published checkpoint.
#      1: the ledger does not verify;  2: the backup is behind the published checkpoint;
#      3: the ledger disagrees with the published checkpoint (tampered);  4: bad checkpoint file;
#      5: the backup files are damaged (SHA256SUMS).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
BACKUP="${1:?backup folder}"
PUBLISHED="${2:?published checkpoint file}"
URL="${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}"

echo "== checksums"
(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) || exit 5

echo "== restore into a fresh database"
case "$URL" in
  postgres://*|postgresql://*)
    TARGET="${3:-custody_restore_drill}"
    SERVER="${URL%/*}"
    psql -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS \"$TARGET\"" -c "CREATE DATABASE \"$TARGET\""
    pg_restore --no-owner --no-privileges --exit-on-error -d "$SERVER/$TARGET" "$BACKUP/db.dump"
    RESTORED="$SERVER/$TARGET" ;;
  sqlite://*)
    TARGET="${3:-var/restore-drill.sqlite3}"
    rm -f "$TARGET" "$TARGET-wal" "$TARGET-shm"
    cp "$BACKUP/db.sqlite3" "$TARGET"
    RESTORED="sqlite:///$(cd "$(dirname "$TARGET")" && pwd)/$(basename "$TARGET")" ;;
esac
MEDIA_CHECK="$(mktemp -d)"
tar -xzf "$BACKUP/media.tar.gz" -C "$MEDIA_CHECK"
echo "   uploaded files restored for checking: $(find "$MEDIA_CHECK" -type f | wc -l)"
rm -rf "$MEDIA_CHECK"

echo "== verify_ledger on the restored database"
DATABASE_URL="$RESTORED" "$PYTHON" manage.py verify_ledger || exit 1

echo "== compare with the published checkpoint"
set +e
DATABASE_URL="$RESTORED" "$PYTHON" manage.py check_restore "$PUBLISHED"
CODE=$?
set -e
exit $CODE
