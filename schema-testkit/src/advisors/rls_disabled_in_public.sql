-- 0013: a table in an exposed schema that the API roles may read while RLS
-- is off: every row is readable (and, with the usual grants, writable)
-- through the API.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'table is selectable by anon or authenticated through the API and RLS is disabled' as detail
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'r'
  and not c.relrowsecurity
  and n.nspname = any($1)
  and n.nspname <> all($2)
  and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
