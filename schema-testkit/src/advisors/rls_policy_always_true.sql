-- 0024: a permissive policy for anon, authenticated or PUBLIC on a table
-- with RLS on whose condition is always true, so RLS lets every row through
-- for that command. `using (true)` on SELECT is a common, deliberate public
-- read and is not flagged; UPDATE, DELETE and ALL with an always-true (or
-- absent) USING are, and so are an always-true WITH CHECK, an INSERT
-- without one, and UPDATE/ALL without one behind an always-true USING
-- (the USING is then the check too). "Always true" is textual: true or
-- 1=1, in parentheses or not, ignoring case and blanks.
with policy as (
    select n.nspname, c.relname, p.polname,
           case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                         when 'd' then 'DELETE' else 'ALL' end as command,
           pg_get_expr(p.polqual, p.polrelid) as using_expr,
           pg_get_expr(p.polwithcheck, p.polrelid) as check_expr
    from pg_policy p
    join pg_class c on c.oid = p.polrelid and c.relkind = 'r'
    join pg_namespace n on n.oid = c.relnamespace
    where c.relrowsecurity
      and p.polpermissive
      and n.nspname <> all($2)
      and (p.polroles = '{0}'::oid[]
           or exists (select from pg_roles r
                      where r.oid = any(p.polroles) and r.rolname in ('anon', 'authenticated')))
), judged as (
    select *,
           regexp_replace(lower(using_expr), '[ \n\t]', '', 'g') in ('true', '(true)', '1=1', '(1=1)') as using_true,
           regexp_replace(lower(check_expr), '[ \n\t]', '', 'g') in ('true', '(true)', '1=1', '(1=1)') as check_true
    from policy
), flagged as (
    select *,
           command in ('UPDATE', 'DELETE', 'ALL') and (using_expr is null or coalesce(using_true, false)) as open_using,
           coalesce(check_true, false)
               or (check_expr is null and command = 'INSERT')
               or (check_expr is null and command in ('UPDATE', 'ALL') and coalesce(using_true, false)) as open_check
    from judged
)
select
    format('%I.%I (policy %I)', nspname, relname, polname) as object,
    format('%s policy lets every row through (%s)', command,
           case when open_using and open_check then 'USING and WITH CHECK are always true'
                when open_using then 'USING is always true'
                else 'WITH CHECK is always true' end) as detail
from flagged
where open_using or open_check
