#!/usr/bin/env bash
# Runs once, when the postgresql service of docker-compose.yml initialises an empty data volume
# (the official image runs /docker-entrypoint-initdb.d/* at that point, and never again).
#
# Creates the application's own login role and database beside Temporal's: the api and the worker
# connect as CAMPAIGNS_DB_USER to CAMPAIGNS_DB_NAME, which that role owns, and their TypeORM
# migrations create the tables at start-up. Temporal's databases are created by the
# temporal-admin-tools service. Safe to run twice: existing role or database are left alone.
set -Eeo pipefail

: "${CAMPAIGNS_DB_USER:?CAMPAIGNS_DB_USER must be set}"
: "${CAMPAIGNS_DB_PASSWORD:?CAMPAIGNS_DB_PASSWORD must be set}"
CAMPAIGNS_DB_NAME="${CAMPAIGNS_DB_NAME:-campaigns}"

# Values go through psql variables (:'name' quotes a literal, %I/%L in format() quote identifiers
# and literals), so passwords with quotes or spaces are safe.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
  --set=app_user="$CAMPAIGNS_DB_USER" \
  --set=app_password="$CAMPAIGNS_DB_PASSWORD" \
  --set=app_db="$CAMPAIGNS_DB_NAME" <<'EOSQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app_user', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec

SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec

-- Only the owner (and superusers) may connect to the app's database.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'app_db') \gexec
EOSQL

echo "role ${CAMPAIGNS_DB_USER} and database ${CAMPAIGNS_DB_NAME} are ready"
