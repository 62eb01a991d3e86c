#!/bin/sh
# One database per service on one server, each owned by the service's own role (run once, by
# the postgres image's entrypoint, when the data directory is empty). The password of every
# service role is SERVICE_DB_PASSWORD (docker-compose.yml passes it).
set -eu

SERVICES="membership sessions council monitoring programmes"

: "${SERVICE_DB_PASSWORD:?SERVICE_DB_PASSWORD must be set}"

for service in $SERVICES; do
    role="kelisim_${service}"
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        -v role="$role" -v password="$SERVICE_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
