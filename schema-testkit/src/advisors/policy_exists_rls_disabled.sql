-- 0007: a table has policies but RLS is off, so none of them applies: the
-- author meant to restrict access and did not.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'RLS is disabled, so policies ' || string_agg(quote_ident(p.polname::text), ', ' order by p.polname) || ' do nothing' as detail
from pg_policy p
join pg_class c on c.oid = p.polrelid and c.relkind = 'r'
join pg_namespace n on n.oid = c.relnamespace
where not c.relrowsecurity
  and n.nspname <> all($2)
  and not exists (select from pg_depend d where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype = 'e')
group by n.nspname, c.relname
