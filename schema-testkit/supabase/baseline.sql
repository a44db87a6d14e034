-- Supabase baseline for tests.
--
-- Test scaffolding that imitates what every Supabase project has and plain
-- PostgreSQL lacks: the API roles and Auth's supabase_auth_admin, the auth.*
-- helpers that RLS policies call, Auth's auth.users table, the extensions
-- schema with uuid-ossp, Realtime's supabase_realtime publication, and
-- Supabase's grants and default privileges (`Platform::supabase()` in
-- schema-engine lists the same provided tables, roles and publication). The
-- test harness (tests/src/pg, TestDatabase::create_with_baseline) applies it
-- to each fresh test database before the migrations run. It is never part of
-- the migrations: on Supabase all of this already exists.
--
-- Safe to apply again. Roles are cluster-wide while this file runs once per
-- database, often from parallel tests at the same moment, and an advisory
-- lock cannot serialize that (advisory locks are per database). So each
-- CREATE ROLE checks pg_roles first and takes a parallel creator's win
-- (duplicate_object, or unique_violation when both passed the check) as done.
-- Everything else is per database and checks before it creates.

BEGIN;

-- The roles PostgREST switches to: anon (no JWT), authenticated (a user's
-- JWT), service_role (the service key, which bypasses RLS); authenticator is
-- the login role that may switch to them; supabase_auth_admin is the role
-- Supabase Auth runs as (it owns auth.users and calls auth hooks). Options as
-- on Supabase.
DO $$
DECLARE
  wanted record;
BEGIN
  FOR wanted IN
    SELECT * FROM (VALUES
      ('anon', 'NOLOGIN NOINHERIT'),
      ('authenticated', 'NOLOGIN NOINHERIT'),
      ('service_role', 'NOLOGIN NOINHERIT BYPASSRLS'),
      ('authenticator', 'LOGIN NOINHERIT'),
      ('supabase_auth_admin', 'LOGIN NOINHERIT CREATEROLE')
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

-- Supabase installs extensions into their own schema, uuid-ossp among them
-- (`extensions.uuid_generate_v4()`), where the server has it.
CREATE SCHEMA IF NOT EXISTS extensions;
GRANT USAGE ON SCHEMA extensions TO anon, authenticated, service_role;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'uuid-ossp') THEN
    CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
  END IF;
END
$$;

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

-- Auth's users, with the columns apps read (the profile trigger of a new
-- user reads id, email and raw_user_meta_data). Owned by Auth's role, as on
-- Supabase; the API roles get nothing on it.
GRANT USAGE, CREATE ON SCHEMA auth TO supabase_auth_admin;
CREATE TABLE IF NOT EXISTS auth.users (
  id uuid NOT NULL PRIMARY KEY,
  aud character varying(255),
  role character varying(255),
  email character varying(255),
  phone text UNIQUE,
  encrypted_password character varying(255),
  email_confirmed_at timestamp with time zone,
  last_sign_in_at timestamp with time zone,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_anonymous boolean NOT NULL DEFAULT false,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now()
);
ALTER TABLE auth.users OWNER TO supabase_auth_admin;

-- Realtime's publication; apps add their tables to it. Created without
-- tables, as Supabase has it (a server with wal_level below logical warns,
-- which publishing needs, not creating).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
    BEGIN
      CREATE PUBLICATION supabase_realtime;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;

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
