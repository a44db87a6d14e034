-- 0014: an extension installed into public puts its objects in the API
-- schema and on everyone's search_path; Supabase keeps them in
-- `extensions`. plpgsql lives in pg_catalog and is never flagged.
select
    quote_ident(e.extname::text) as object,
    'extension is installed in the public schema' as detail
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace and n.nspname = 'public'
where e.extname <> 'plpgsql'
