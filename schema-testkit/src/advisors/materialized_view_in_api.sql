-- 0016: a materialized view the API roles may read in an exposed schema;
-- materialized views have no RLS, so every cached row is readable.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'materialized view is selectable by anon or authenticated through the API' as detail
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'm'
  and n.nspname = any($1)
  and n.nspname <> all($2)
  and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  and not exists (select from pg_depend d where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype = 'e')
