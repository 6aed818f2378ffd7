-- Least-privilege roles for deploy/k8s (run once as the database owner, e.g.
--   psql "postgres://admin@HOST/concerto" -v migrator_pw=... -v app_pw=... -f postgres-roles.sql).
-- concerto_migrator owns the services' schemas and runs their migrations (MIGRATION_DATABASE_URL);
-- concerto_app is the services' role (DATABASE_URL): each start, the migrator grants it DML on the
-- service's schema and INSERT/SELECT only on its audit tables (libs/persistence grantApplicationRole).
CREATE ROLE concerto_migrator LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'migrator_pw';
CREATE ROLE concerto_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO concerto_migrator, concerto_app', current_database()) \gexec
SELECT format('GRANT CREATE ON DATABASE %I TO concerto_migrator', current_database()) \gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
