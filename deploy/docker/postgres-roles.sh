#!/usr/bin/env bash
# Least-privilege PostgreSQL roles for docker-compose.yml, run once by the postgres image when its
# volume is first initialised (/docker-entrypoint-initdb.d). The same roles as deploy/local/infra.sh:
# concerto_migrator owns the services' schemas and runs their migrations (MIGRATION_DATABASE_URL);
# each service connects as concerto_<service> and is granted DML on its own schema by the migrator at
# every start (libs/persistence grantApplicationRole). POSTGRES_USER stays the administrator only.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v migrator_pw="$POSTGRES_MIGRATOR_PASSWORD" -v app_pw="$POSTGRES_APP_PASSWORD" <<'SQL'
CREATE ROLE concerto_migrator LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'migrator_pw';
CREATE ROLE concerto_directory LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
CREATE ROLE concerto_alerts LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
CREATE ROLE concerto_cases LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
CREATE ROLE concerto_scheduling LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
CREATE ROLE concerto_notifications LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r)
  FROM unnest(ARRAY['concerto_migrator', 'concerto_directory', 'concerto_alerts', 'concerto_cases',
                    'concerto_scheduling', 'concerto_notifications']) AS r \gexec
SELECT format('GRANT CREATE ON DATABASE %I TO concerto_migrator', current_database()) \gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
