-- 0027: with pg_graphql installed, a relation with any column `authenticated`
-- may select shows in the GraphQL schema (its name, columns and
-- relationships), even where RLS hides its rows. Nothing without it.
select
    format('%I.%I', n.nspname, c.relname) as object,
    format('%s is visible in the GraphQL schema to authenticated',
           case c.relkind when 'r' then 'table' when 'v' then 'view'
                          when 'm' then 'materialized view' else 'foreign table' end) as detail
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where exists (select from pg_extension where extname = 'pg_graphql')
  and c.relkind in ('r', 'v', 'm', 'f')
  and n.nspname <> all($2)
  and exists (select from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                and has_column_privilege('authenticated', c.oid, a.attnum, 'select'))
