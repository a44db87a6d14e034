-- 0017: a foreign table the API roles may read in an exposed schema;
-- foreign tables have no RLS.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'foreign table is selectable by anon or authenticated through the API' as detail
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'f'
  and n.nspname = any($1)
  and n.nspname <> all($2)
  and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  and not exists (select from pg_depend d where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype = 'e')
