-- 0006: two or more permissive policies for the same role and command on
-- one table; PostgreSQL ORs them, so every one runs for every row. A policy
-- for PUBLIC (polroles = {0}) applies to every role, and FOR ALL to each of
-- the four commands. Roles that bypass RLS, pg_* and supabase*admin are not
-- affected.
select
    format('%I.%I (role %I, %s)', n.nspname, c.relname, r.rolname, cmd.name) as object,
    'permissive policies ' || string_agg(quote_ident(p.polname::text), ', ' order by p.polname) as detail
from pg_policy p
join pg_class c on c.oid = p.polrelid and c.relkind = 'r'
join pg_namespace n on n.oid = c.relnamespace
join pg_roles r on r.oid = any(p.polroles) or p.polroles = '{0}'::oid[]
cross join lateral unnest(case p.polcmd
    when 'r' then array['SELECT'] when 'a' then array['INSERT']
    when 'w' then array['UPDATE'] when 'd' then array['DELETE']
    else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) cmd(name)
where p.polpermissive
  and n.nspname <> all($2)
  and r.rolname not like 'pg\_%'
  and r.rolname not like 'supabase%admin'
  and not r.rolbypassrls
  and not exists (select from pg_depend d where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype = 'e')
group by n.nspname, c.relname, r.rolname, cmd.name
having count(*) > 1
