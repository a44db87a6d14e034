-- 0009: two indexes on one table (or materialized view) whose definitions
-- are the same once their own names are taken out: every write maintains
-- both, and one is enough.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'identical indexes ' || string_agg(quote_ident(ic.relname::text), ', ' order by ic.relname) as detail
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid and c.relkind in ('r', 'm')
join pg_namespace n on n.oid = c.relnamespace
where n.nspname <> all($2)
  and not exists (select from pg_depend d where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype = 'e')
group by n.nspname, c.relname, replace(pg_get_indexdef(i.indexrelid), ic.relname::text, '')
having count(*) > 1
