-- 0019: with pgmq installed and its pgmq_public API schema exposed, a queue
-- table (pgmq.q_*) the API roles may read with RLS off: anyone can read
-- the messages. Supabase's lint names relkinds 'r' and 'I' (a partitioned
-- index, never a table); 'p', the partitioned table, is meant and used here.
select
    format('%I.%I', n.nspname, c.relname) as object,
    'queue table is readable through the pgmq_public API and RLS is disabled' as detail
from pg_class c
join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'pgmq'
where exists (select from pg_extension where extname = 'pgmq')
  and 'pgmq_public' = any($1)
  and c.relkind in ('r', 'p')
  and c.relname like 'q\_%'
  and not c.relrowsecurity
  and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
