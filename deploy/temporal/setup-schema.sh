#!/bin/sh
# Creates Temporal's persistence and visibility databases on PostgreSQL, or upgrades their schemas to
# the versions this admin-tools image ships. Safe to run again: existing databases are kept.
set -eu

sql_tool() {
  # temporal-sql-tool reads the password from SQL_PASSWORD.
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_HOST" -p 5432 -u "$POSTGRES_USER" "$@"
}

for database in temporal temporal_visibility; do
  case "$database" in
    temporal) schema_dir=/etc/temporal/schema/postgresql/v12/temporal/versioned ;;
    *) schema_dir=/etc/temporal/schema/postgresql/v12/visibility/versioned ;;
  esac
  echo "Setting up database $database"
  sql_tool --db "$database" create || echo "Database $database exists"
  sql_tool --db "$database" setup-schema -v 0.0 || echo "Schema of $database exists"
  sql_tool --db "$database" update-schema -d "$schema_dir"
done
echo "Temporal schemas are up to date"
