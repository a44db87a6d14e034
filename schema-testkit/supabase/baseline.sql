-- Supabase baseline for tests.
--
-- Test scaffolding that imitates what every Supabase project has and plain
-- PostgreSQL lacks: the API roles, the auth.* helpers that RLS policies call,
-- the extensions schema, and Supabase's grants and default privileges. The
-- test harness (tests/src/pg, TestDatabase::create_with_baseline) applies it
-- to each fresh test database before the migrations run. It is never part of
-- the migrations: on Supabase all of this already exists.
--
-- Safe to apply again. Roles are cluster-wide while this file runs once per
-- database, often from parallel tests at the same moment, and an advisory
-- lock cannot serialize that (advisory locks are per database). So each
-- CREATE ROLE checks pg_roles first and takes a parallel creator's win
-- (duplicate_object, or unique_violation when both passed the check) as done.

BEGIN;

-- The roles PostgREST switches to: anon (no JWT), authenticated (a user's
-- JWT), service_role (the service key, which bypasses RLS); authenticator is
-- the login role that may switch to them. Options as on Supabase.
DO $$
DECLARE
  wanted record;
BEGIN
  FOR wanted IN
    SELECT * FROM (VALUES
      ('anon', 'NOLOGIN NOINHERIT'),
      ('authenticated', 'NOLOGIN NOINHERIT'),
      ('service_role', 'NOLOGIN NOINHERIT BYPASSRLS'),
      ('authenticator', 'LOGIN NOINHERIT')
    ) AS r (name, options)
  LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = wanted.name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I %s', wanted.name, wanted.options);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END;
    END IF;
  END LOOP;
END
$$;

DO $$
DECLARE
  api_role text;
BEGIN
  FOREACH api_role IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF NOT pg_has_role('authenticator', api_role, 'MEMBER') THEN
      BEGIN
        EXECUTE format('GRANT %I TO authenticator', api_role);
      EXCEPTION WHEN unique_violation THEN
        NULL;
      END;
    END IF;
  END LOOP;
END
$$;

-- Supabase installs extensions into their own schema.
CREATE SCHEMA IF NOT EXISTS extensions;
GRANT USAGE ON SCHEMA extensions TO anon, authenticated, service_role;

-- The auth helpers, as Supabase Auth defines them: the JWT claims arrive in
-- the transaction-local setting request.jwt.claims (PostgREST >= 9), or in
-- the legacy per-claim settings request.jwt.claim.* (older PostgREST). The
-- pinned empty search_path is Supabase's too; it keeps these functions from
-- being inlined, so RLS plans match the real thing.
CREATE SCHEMA IF NOT EXISTS auth;

CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

CREATE OR REPLACE FUNCTION auth.role() RETURNS text
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

CREATE OR REPLACE FUNCTION auth.email() RETURNS text
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.email(), auth.jwt()
  TO anon, authenticated, service_role;

-- Supabase's grants on public: table access is governed by RLS, not by
-- privileges. Default privileges apply to objects later created by the role
-- running this file (the harness's user), which is the role that then runs
-- the migrations; the direct grants cover anything already there.
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL TABLES IN SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA public TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;

COMMIT;
