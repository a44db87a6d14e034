-- 0015: a policy reading the JWT's user_metadata, which every user can edit
-- about themselves; it must not decide access. Textual, like Supabase's:
-- user_metadata after auth.jwt(), or after current_setting() of
-- request.jwt.claims.
select
    format('%I.%I (policy %I)', n.nspname, c.relname, p.polname) as object,
    'policy reads user_metadata from the JWT, which users can edit' as detail
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
where n.nspname <> all($2)
  and exists (
      select
      from unnest(array[pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)]) e(expr)
      where e.expr like '%auth.jwt()%user_metadata%'
         or e.expr like '%current_setting(%request.jwt.claims%)%user_metadata%')
