-- 0018: a column of a reg* type that stores a catalog oid pg_upgrade cannot
-- carry over (regclass, regtype and regrole are fine), which blocks
-- upgrading the server. Every relation counts, as in Supabase's lint; only
-- pg_catalog, information_schema and pgsodium are left out.
select
    format('%I.%I.%I', n.nspname, c.relname, a.attname) as object,
    format('column has type %s, which blocks pg_upgrade', t.typname) as detail
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid and t.typnamespace = 'pg_catalog'::regnamespace
where t.typname in ('regcollation', 'regconfig', 'regdictionary', 'regnamespace',
                    'regoper', 'regoperator', 'regproc', 'regprocedure')
  and n.nspname not in ('pg_catalog', 'information_schema', 'pgsodium')
