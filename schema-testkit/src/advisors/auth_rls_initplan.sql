-- 0003: a policy that calls auth.uid() / auth.jwt() / auth.role() /
-- auth.email() or current_setting() bare, so the planner evaluates it once
-- per row instead of once per query (an initplan, `(select auth.uid())`).
-- The test is textual, on the expression as pg_get_expr prints it: the call
-- appears somewhere, and never directly after `select `. So
-- `(select (auth.jwt() -> 'x'))` still counts as bare, as on Supabase.
-- Unlike the other policy lints, realtime is not excluded (Supabase keeps
-- it so that policies on realtime.messages are linted).
select
    format('%I.%I (policy %I)', n.nspname, c.relname, p.polname) as object,
    'calls current_setting() or auth.<function>() per row; wrap the call in (select ...)' as detail
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
where c.relrowsecurity
  and (n.nspname <> all($2) or n.nspname = 'realtime')
  and exists (
      select
      from unnest(array[pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)]) e(expr)
      where exists (
                select from unnest(array['auth.uid()', 'auth.jwt()', 'auth.role()', 'auth.email()']) f(call)
                where e.expr like '%' || f.call || '%'
                  and lower(e.expr) not like '%select ' || f.call || '%')
         or (e.expr like '%current\_setting(%)%' and lower(e.expr) not like '%select current\_setting(%)%')
  )
