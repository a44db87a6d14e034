-- 0010: a view the API roles may read in an exposed schema that is not
-- security_invoker: it reads its tables with its owner's privileges and RLS
-- (usually none), not the caller's. security_invoker exists from
-- PostgreSQL 15. The reloption is stored as written (`on`, `1`, `yes`…),
-- so its value is read as a boolean.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'view runs with its owner''s rights (security_invoker is not set) and is selectable by anon or authenticated' as detail
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'v'
  and current_setting('server_version_num')::int >= 150000
  and n.nspname = any($1)
  and n.nspname <> all($2)
  and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  and not exists (select from pg_depend d where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype = 'e')
  and not exists (
      select from unnest(c.reloptions) o
      where case when o like 'security\_invoker=%' then substr(o, 18)::boolean else false end)
