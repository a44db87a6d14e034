-- 0028: a SECURITY DEFINER function in an exposed schema that `anon` may
-- execute: anyone holding the public anon key can call it at
-- /rest/v1/rpc/<name>, and it runs with its owner's privileges, past RLS.
select
    format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object,
    'security definer function is executable by anon through the API' as detail
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where p.prosecdef
  and n.nspname = any($1)
  and n.nspname <> all($2)
  and has_function_privilege('anon', p.oid, 'execute')
