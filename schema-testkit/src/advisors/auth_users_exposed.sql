-- 0002: a view or materialized view over auth.users that the API roles may
-- read in an exposed schema. Materialized views have no RLS at all; a view
-- that is not security_invoker reads auth.users as its owner; an invoker
-- view is only safe while auth.users itself has RLS on.
select distinct
    format('%I.%I', n.nspname, v.relname) as object,
    format('%s reads auth.users and is selectable by anon or authenticated',
           case v.relkind when 'm' then 'materialized view' else 'view' end) as detail
from pg_class u
join pg_namespace un on un.oid = u.relnamespace and un.nspname = 'auth' and u.relname = 'users'
join pg_depend d on d.refobjid = u.oid and d.deptype = 'n' and d.classid = 'pg_rewrite'::regclass
join pg_rewrite rw on rw.oid = d.objid
join pg_class v on v.oid = rw.ev_class
join pg_namespace n on n.oid = v.relnamespace
where n.nspname = any($1)
  and (has_table_privilege('anon', v.oid, 'select') or has_table_privilege('authenticated', v.oid, 'select'))
  and (
      v.relkind = 'm'
      or (v.relkind = 'v' and not exists (
              select from unnest(v.reloptions) o
              where case when o like 'security\_invoker=%' then substr(o, 18)::boolean else false end))
      or (v.relkind = 'v' and not u.relrowsecurity)
  )
