-- 0029: a SECURITY DEFINER function in an exposed schema that `authenticated` may
-- execute: any signed-in user can call it at /rest/v1/rpc/<name>, and it
-- runs with its owner's privileges, past RLS. With open sign-up that is
-- anyone with an email address.
select
    format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object,
    'security definer function is executable by authenticated through the API' as detail
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where p.prosecdef
  and n.nspname = any($1)
  and n.nspname <> all($2)
  and has_function_privilege('authenticated', p.oid, 'execute')
