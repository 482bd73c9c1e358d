#!/bin/sh
# The `db` service: Debian's PostgreSQL 15 from the example base image, as the postgres user, with
# its data in the named volume. The first start creates the cluster and the app's role and
# database (from api.env's PGUSER/PGPASSWORD/PGDATABASE), like the official image's entrypoint does.
set -eu
: "${PGDATA:?}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  initdb -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  postgres --single -D "$PGDATA" postgres >/dev/null <<SQL
CREATE ROLE "$PGUSER" LOGIN PASSWORD '$PGPASSWORD';
CREATE DATABASE "$PGDATABASE" OWNER "$PGUSER";
SQL
  echo "db: initialised $PGDATA"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp
