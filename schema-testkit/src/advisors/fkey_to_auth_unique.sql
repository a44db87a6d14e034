-- 0021: a foreign key onto a unique constraint of an auth table other than
-- its primary key (auth.users.phone, say): Auth may drop or change those
-- constraints, and the key then blocks its migrations.
select
    format('%I.%I (constraint %I)', n.nspname, c.relname, k.conname) as object,
    format('foreign key references a unique constraint of %s', k.confrelid::regclass) as detail
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_class target on target.oid = k.confrelid
join pg_namespace tn on tn.oid = target.relnamespace and tn.nspname = 'auth'
join pg_index i on i.indexrelid = k.conindid
where k.contype = 'f'
  and i.indisunique
  and not i.indisprimary
