-- 0011: a function without its own search_path setting resolves names with
-- the caller's search_path, which the caller can point at objects of its
-- own (and a security definer function then runs them as the owner).
select
    format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as object,
    'function has no search_path setting (role mutable search_path)' as detail
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where n.nspname <> all($2)
  and not exists (select from pg_depend d where d.objid = p.oid and d.classid = 'pg_proc'::regclass and d.deptype = 'e')
  and not exists (select from unnest(p.proconfig) s where s like 'search\_path=%')
