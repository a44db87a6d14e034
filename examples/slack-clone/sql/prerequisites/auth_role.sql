CREATE SCHEMA IF NOT EXISTS auth;
-- Supabase Auth's definition: the claim from the JWT PostgREST puts in request.jwt.claims.
CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    SET search_path = ''
    AS $f$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.role', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
        )::text
    $f$;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION auth.role() TO anon, authenticated, service_role;
