//! The catalog queries: two statements that return everything introspection
//! reads as two JSON documents, so reading a database takes two round trips
//! instead of one per table and kind of object. There are two so that they can
//! run side by side on two connections, each about half the work of the whole:
//! the relations (whose view bodies the server must deparse, the slowest part
//! where no rendering is kept) with their constraints and the functions in
//! one, the columns and everything else in the other. Their keys are disjoint; merged they are
//! [`super::rows::CatalogRows`].
//!
//! In both, `$1` is the schemas to read. In the relations query, `$2` is the
//! rule keys whose rendering the caller keeps ([`RENDERING_STATE`]). In the
//! other, `$2` is the role whose default privileges are
//! read (the owner of the project's objects), `$3` the tables the platform
//! provides (`schema.table`), of which only the project's triggers are read:
//! those calling a function in one of the schemas read, never the
//! platform's own. Privileges come from
//! `aclexplode` over the object's ACL, or over `acldefault` where the ACL is
//! NULL (PUBLIC may execute a function until that is revoked); the owner's own
//! entry is implicit and left out. Comments are read from `pg_description`
//! rather than read with `obj_description` per row: that is a SQL function,
//! and calling it once per column cost a tenth of the query.

/// `json_agg` of the ACL entries of `acl` (defaulting by `kind`), without the owner's.
fn acl(acl: &str, kind: char, owner: &str) -> String {
    format!(
        "(SELECT coalesce(json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END, \
           'privilege', a.privilege_type, 'grantable', a.is_grantable) ORDER BY 1), '[]'::json) \
         FROM aclexplode(coalesce({acl}, acldefault('{kind}', {owner}))) a WHERE a.grantee <> {owner})"
    )
}

/// `json_agg` of a column ACL, which has no default (NULL means none, and
/// most columns have none: they skip the `aclexplode`).
fn column_acl(acl: &str, owner: &str) -> String {
    format!(
        "CASE WHEN {acl} IS NULL THEN '[]'::json ELSE (SELECT coalesce(json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END, \
           'privilege', a.privilege_type, 'grantable', a.is_grantable) ORDER BY 1), '[]'::json) \
         FROM aclexplode({acl}) a WHERE a.grantee <> {owner}) END"
    )
}

/// A type's name as `format_type` prints it, except that an enum type (and
/// an array of one) is always schema-qualified: `format_type` leaves out a
/// schema on the reader's `search_path`, and the declarations qualify. `ty` is
/// the type's `pg_type` row and `tn` its schema; an array's element type is
/// looked up only for arrays.
fn type_name_of(oid: &str, typmod: &str, ty: &str, tn: &str) -> String {
    format!(
        "CASE WHEN {ty}.typtype = 'e' THEN quote_ident({tn}.nspname) || '.' || quote_ident({ty}.typname) \
           ELSE coalesce(CASE WHEN {ty}.typelem <> 0 THEN (SELECT quote_ident(en.nspname) || '.' || quote_ident(el.typname) || '[]' \
             FROM pg_type el JOIN pg_namespace en ON en.oid = el.typnamespace \
             WHERE el.oid = {ty}.typelem AND el.typarray = {ty}.oid AND el.typtype = 'e') END, format_type({oid}, {typmod})) END"
    )
}

/// [`type_name_of`] as a subquery, for a type not joined already.
fn type_name(oid: &str, typmod: &str) -> String {
    format!(
        "(SELECT {} FROM pg_type ty JOIN pg_namespace tn ON tn.oid = ty.typnamespace WHERE ty.oid = {oid})",
        type_name_of(oid, typmod, "ty", "tn")
    )
}

/// The fields of a trigger row (`t` is its `pg_trigger` row, `f` and `fn`
/// its function and the function's schema).
const TRIGGER_FIELDS: &str = "'relation', t.tgrelid::int8, 'name', t.tgname, 'type', t.tgtype, \
     'enabled', t.tgenabled, 'function_schema', fn.nspname, 'function', f.proname, \
     'update_of', ARRAY(SELECT a.attname FROM unnest(t.tgattr) WITH ORDINALITY AS k(attnum, position) \
        JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum ORDER BY k.position), \
     'arguments', CASE WHEN t.tgnargs = 0 THEN ARRAY[]::text[] \
        ELSE (string_to_array(encode(t.tgargs, 'escape'), '\\000'))[1:t.tgnargs] END, \
     'definition', pg_get_triggerdef(t.oid, true), 'has_when', t.tgqual IS NOT NULL, \
     'comment', coalesce(obj_description(t.oid, 'pg_trigger'), '')";

/// What `pg_get_viewdef` of any view depends on, as one key: the server
/// version, the settings that change how names and constants are printed, and
/// the state of every catalog whose rows a rendering prints or reads (the
/// stored query trees in `pg_rewrite`; the names of relations, columns,
/// functions, types, operators, schemas and collations). That state is a sum
/// of hashes of each row's `xmin`: any DDL inserts, updates or deletes a row
/// there, which changes the sum (a freeze does too, which only costs a
/// deparse). A view's rule key is this key and its oid.
///
/// The same rule key means the same rendering, so a caller that kept the
/// rendering of a key passes it back (`$2`) and the server does not deparse
/// that view again: deparsing every view was a third of what reading a
/// catalog cost, the key costs a tenth of that.
const RENDERING_STATE: &str = "SELECT md5(concat_ws('|', current_setting('server_version_num'), current_setting('search_path'), \
     current_setting('DateStyle'), current_setting('IntervalStyle'), current_setting('TimeZone'), \
     current_setting('extra_float_digits'), current_setting('quote_all_identifiers'), current_setting('lc_monetary'), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_rewrite), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_class), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_attribute), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_proc), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_type), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_operator), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_namespace), \
     (SELECT sum(hashint8extended(xmin::text::int8, 0)) FROM pg_collation))) AS key";

/// Relations in scope: tables, views, materialized views and sequences of the
/// schemas read, but not members of an extension, and not sqlx's history.
const IN_SCOPE: &str = "n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname <> '_sqlx_migrations' \
    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')";

/// The two catalog queries: the schemas, extensions, relations, constraints,
/// functions and the session (`$1`, and `$2` the rule keys, see
/// [`RENDERING_STATE`], whose rendering the caller keeps); and the columns,
/// indexes, policies, triggers, sequences, enums and default privileges (`$1`
/// to `$3`).
pub(super) fn catalog_queries() -> &'static [String; 2] {
    // Built once: each half's reader asks for its query.
    static QUERIES: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    QUERIES.get_or_init(build_queries)
}

fn build_queries() -> [String; 2] {
    let relation_acl = acl("c.relacl", 'r', "c.relowner");
    let sequence_acl = acl("c.relacl", 's', "c.relowner");
    let schema_acl = acl("n.nspacl", 'n', "n.nspowner");
    let function_acl = acl("p.proacl", 'f', "p.proowner");
    let attribute_acl = column_acl("a.attacl", "c.relowner");
    let column_type = type_name_of("a.atttypid", "a.atttypmod", "t", "tn");
    let argument_type = type_name("t.type", "NULL");
    let return_type = type_name("p.prorettype", "NULL");
    // Per column, scalar subqueries (index lookups for the few columns that
    // have one) rather than joins: with joins the planner hashes all of
    // pg_attribute, pg_description and pg_attrdef, which cost a quarter more.
    let column_default = "(SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum)";
    let relation_comment = comment_join("c.oid", "pg_class", "0");
    let constraint_comment = comment_join("con.oid", "pg_constraint", "0");
    let index_comment = comment_join("i.indexrelid", "pg_class", "0");
    let function_comment = comment_join("p.oid", "pg_proc", "0");
    let relations = format!(
        " 'schemas', (SELECT coalesce(json_agg(json_build_object('name', n.nspname, 'owner', pg_get_userbyid(n.nspowner), \
     'comment', coalesce(obj_description(n.oid, 'pg_namespace'), ''), 'acl', {schema_acl}) ORDER BY n.nspname), '[]'::json) \
   FROM pg_namespace n WHERE n.nspname = ANY($1)),\
 'extensions', (SELECT coalesce(json_agg(json_build_object('name', e.extname, 'schema', n.nspname) ORDER BY e.extname), '[]'::json) \
   FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace),\
 'relations', (SELECT coalesce(json_agg(json_build_object('oid', c.oid::int8, 'schema', n.nspname, 'name', c.relname, 'kind', c.relkind, \
     'owner', pg_get_userbyid(c.relowner), 'comment', coalesce(ds.description, ''), \
     'acl', CASE WHEN c.relkind = 'S' THEN {sequence_acl} ELSE {relation_acl} END, \
     'options', coalesce(c.reloptions, '{{}}'::text[]), 'rls', c.relrowsecurity, 'forced', c.relforcerowsecurity, \
     'replica_identity', c.relreplident, \
     'replica_index', (SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisreplident), \
     'rule_key', rk.key, \
     'definition', CASE WHEN c.relkind IN ('v', 'm') AND (rk.key IS NULL OR NOT rk.key = ANY($2)) THEN pg_get_viewdef(c.oid, true) END, \
     'publications', (SELECT coalesce(json_agg(p.pubname ORDER BY p.pubname), '[]'::json) FROM pg_publication_rel pr \
        JOIN pg_publication p ON p.oid = pr.prpubid WHERE pr.prrelid = c.oid)) ORDER BY n.nspname, c.relname), '[]'::json) \
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace {relation_comment} \
   CROSS JOIN state LEFT JOIN LATERAL (SELECT state.key || ':' || c.oid AS key WHERE c.relkind IN ('v', 'm')) rk ON true \
   WHERE c.oid IN (SELECT oid FROM rel)),\
 'constraints', (SELECT coalesce(json_agg(json_build_object('relation', con.conrelid::int8, 'name', con.conname, 'type', con.contype, \
     'columns', ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position) \
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.position), \
     'check', CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END, \
     'referenced_schema', fn.nspname, 'referenced_table', fc.relname, \
     'referenced_columns', ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position) \
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.position), \
     'on_delete', con.confdeltype, 'on_update', con.confupdtype, 'match', con.confmatchtype, \
     'deferrable', con.condeferrable, 'deferred', con.condeferred, 'validated', con.convalidated, \
     'definition', pg_get_constraintdef(con.oid), 'comment', coalesce(ds.description, '')) \
     ORDER BY con.conrelid, con.conname), '[]'::json) \
   FROM pg_constraint con LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
   {constraint_comment} \
   WHERE con.conrelid IN (SELECT oid FROM rel) AND con.contype IN ('p', 'u', 'c', 'f', 'x')),\
 'functions', (SELECT coalesce(json_agg(json_build_object('schema', n.nspname, 'name', p.proname, 'owner', pg_get_userbyid(p.proowner), \
     'comment', coalesce(ds.description, ''), \
     'arg_names', coalesce(p.proargnames, ARRAY[]::text[]), \
     'arg_types', ARRAY(SELECT {argument_type} FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS t(type, position) ORDER BY t.position), \
     'arg_modes', coalesce(p.proargmodes::text[], ARRAY[]::text[]), \
     'arg_defaults', pg_get_expr(p.proargdefaults, 0), 'default_count', p.pronargdefaults, \
     'returns_trigger', p.prorettype = 'trigger'::regtype, 'return_type', {return_type}, 'returns_set', p.proretset, \
     'language', l.lanname, 'volatility', p.provolatile, 'strict', p.proisstrict, 'leakproof', p.proleakproof, \
     'parallel', p.proparallel, 'security_definer', p.prosecdef, 'config', coalesce(p.proconfig, ARRAY[]::text[]), \
     'cost', p.procost::int, 'rows', p.prorows::int, 'body', p.prosrc, 'kind', p.prokind, 'acl', {function_acl}) \
     ORDER BY n.nspname, p.proname, p.oid), '[]'::json) \
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang {function_comment} \
   WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p', 'w') \
     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')),\
 'has_cron', EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_cron'),\
 'session', json_build_object('user', current_user, 'database', current_database(), \
     'temporary', has_database_privilege(current_database(), 'TEMPORARY'), 'server_version', current_setting('server_version'))\
"
    );
    let objects = format!(
        " 'columns', (SELECT coalesce(json_agg(json_build_object('relation', a.attrelid::int8, 'name', a.attname, \
     'type', {column_type}, 'not_null', a.attnotnull, \
     'default', CASE WHEN a.atthasdef AND a.attgenerated = '' THEN {column_default} END, \
     'generated', CASE WHEN a.atthasdef AND a.attgenerated <> '' THEN {column_default} END, \
     'identity', a.attidentity, \
     'collation', CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN (SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation) END, \
     'comment', coalesce((SELECT ds.description FROM pg_description ds \
        WHERE ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum), ''), \
     'acl', {attribute_acl}) ORDER BY a.attrelid, a.attnum), '[]'::json) \
   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace \
   WHERE a.attrelid IN (SELECT oid FROM rel) AND c.relkind <> 'S' AND a.attnum > 0 AND NOT a.attisdropped),\
 'indexes', (SELECT coalesce(json_agg(json_build_object('relation', i.indrelid::int8, 'name', ic.relname, 'method', am.amname, \
     'unique', i.indisunique, 'nulls_not_distinct', i.indnullsnotdistinct, 'key_count', i.indnkeyatts, \
     'keys', ARRAY(SELECT json_build_object(\
          'column', CASE WHEN i.indkey[k.n] = 0 THEN pg_get_indexdef(i.indexrelid, k.n + 1, true) \
                    ELSE (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n]) END, \
          'expression', i.indkey[k.n] = 0, \
          'descending', (i.indoption[k.n] & 1) = 1, 'nulls_first', (i.indoption[k.n] & 2) = 2, \
          'opclass', (SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END FROM pg_opclass opc WHERE opc.oid = i.indclass[k.n]), \
          'collation', (SELECT co.collname FROM pg_collation co WHERE co.oid = i.indcollation[k.n] AND co.oid <> 0 \
             AND co.oid <> coalesce((SELECT a.attcollation FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n] AND i.indkey[k.n] <> 0), 100))) \
        FROM generate_series(0, i.indnkeyatts - 1) AS k(n) ORDER BY k.n), \
     'include', ARRAY(SELECT a.attname FROM generate_series(i.indnkeyatts, i.indnatts - 1) AS k(n) \
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n] ORDER BY k.n), \
     'predicate', pg_get_expr(i.indpred, i.indrelid), 'options', coalesce(ic.reloptions, '{{}}'::text[]), \
     'valid', i.indisvalid, 'comment', coalesce(ds.description, '')) ORDER BY i.indrelid, ic.relname), '[]'::json) \
   FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam {index_comment} \
   WHERE i.indrelid IN (SELECT oid FROM rel) \
     AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))),\
 'policies', (SELECT coalesce(json_agg(json_build_object('relation', p.polrelid::int8, 'name', p.polname, 'command', p.polcmd, \
     'permissive', p.polpermissive, \
     'roles', ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) AS r ORDER BY 1), \
     'using', pg_get_expr(p.polqual, p.polrelid), 'with_check', pg_get_expr(p.polwithcheck, p.polrelid), \
     'comment', coalesce(obj_description(p.oid, 'pg_policy'), '')) ORDER BY p.polrelid, p.polname), '[]'::json) \
   FROM pg_policy p WHERE p.polrelid IN (SELECT oid FROM rel)),\
 'triggers', (SELECT coalesce(json_agg(json_build_object({TRIGGER_FIELDS}) ORDER BY t.tgrelid, t.tgname), '[]'::json) \
   FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = f.pronamespace \
   WHERE t.tgrelid IN (SELECT oid FROM rel) AND NOT t.tgisinternal),\
 'provided_triggers', (SELECT coalesce(json_agg(json_build_object('schema', n.nspname, 'table', c.relname, {TRIGGER_FIELDS}) \
     ORDER BY n.nspname, c.relname, t.tgname), '[]'::json) \
   FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
   JOIN pg_proc f ON f.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = f.pronamespace \
   WHERE n.nspname || '.' || c.relname = ANY($3) AND fn.nspname = ANY($1) AND NOT t.tgisinternal \
     AND c.oid NOT IN (SELECT oid FROM rel)),\
 'sequences', (SELECT coalesce(json_agg(json_build_object('relation', s.seqrelid::int8, 'type', format_type(s.seqtypid, NULL), \
     'start', s.seqstart, 'increment', s.seqincrement, 'min', s.seqmin, 'max', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle, \
     'identity', EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype = 'i'), \
     'owned_by_schema', (SELECT tn.nspname FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace \
        WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype = 'a' AND d.refclassid = 'pg_class'::regclass), \
     'owned_by_table', (SELECT tc.relname FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid \
        WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype = 'a' AND d.refclassid = 'pg_class'::regclass), \
     'owned_by_column', (SELECT a.attname FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
        WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype = 'a' AND d.refclassid = 'pg_class'::regclass)) \
     ORDER BY s.seqrelid), '[]'::json) \
   FROM pg_sequence s WHERE s.seqrelid IN (SELECT oid FROM rel)),\
 'enums', (SELECT coalesce(json_agg(json_build_object('schema', n.nspname, 'name', t.typname, 'owner', pg_get_userbyid(t.typowner), \
     'comment', coalesce(obj_description(t.oid, 'pg_type'), ''), \
     'values', ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)) ORDER BY n.nspname, t.typname), '[]'::json) \
   FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname = ANY($1) \
     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')),\
 'default_acl', (SELECT coalesce(json_agg(json_build_object('role', pg_get_userbyid(da.defaclrole), \
     'schema', (SELECT n.nspname FROM pg_namespace n WHERE n.oid = da.defaclnamespace), 'type', da.defaclobjtype, \
     'acl', (SELECT coalesce(json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END, \
        'privilege', a.privilege_type, 'grantable', a.is_grantable) ORDER BY 1), '[]'::json) FROM aclexplode(da.defaclacl) a WHERE a.grantee <> da.defaclrole)) \
     ORDER BY 1), '[]'::json) \
   FROM pg_default_acl da WHERE pg_get_userbyid(da.defaclrole) = $2)"
    );
    [document(&format!(", state AS MATERIALIZED ({RENDERING_STATE})"), &relations), document("", &objects)]
}

/// One JSON document of `fields` (`'key', (subquery), …`), with `rel`: the
/// oids of the relations in scope, and the `more` common table expressions.
fn document(more: &str, fields: &str) -> String {
    format!(
        "WITH rel AS (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {IN_SCOPE}){more} \
SELECT json_build_object(\n{fields})"
    )
}

/// `LEFT JOIN pg_description ds`: the comment on `objoid` of `catalog`
/// (`objsubid` `sub`: a column's number, or 0 for the object itself).
fn comment_join(objoid: &str, catalog: &str, sub: &str) -> String {
    format!("LEFT JOIN pg_description ds ON ds.objoid = {objoid} AND ds.classoid = '{catalog}'::regclass AND ds.objsubid = {sub}")
}

/// pg_cron's jobs of the current database (pg_cron runs them in one database).
pub(super) const CRON_JOBS: &str = "SELECT coalesce(json_agg(json_build_object('name', jobname, 'schedule', schedule, \
    'command', command, 'active', active) ORDER BY jobname), '[]'::json) \
    FROM cron.job WHERE database = current_database() AND jobname IS NOT NULL";
