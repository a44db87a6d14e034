//! Views: their output columns, `security_invoker`, comments, the API roles'
//! privileges and the deparsed body.
//!
//! The body is `pg_get_viewdef(oid, true)`, which Postgres rewrites (qualified
//! columns, explicit casts, its own layout), so it is kept for information only;
//! the differ does not compare it. The dictionary group is a declaration and
//! cannot be read back: it stays empty.

use super::{privileges, IntrospectError, IntrospectOptions};
use crate::model::{MaterializedView, QualifiedName, SqlType, View, ViewColumn};
use sqlx::postgres::types::Oid;
use sqlx::PgConnection;

/// Every plain view (relkind `v`, not materialized) in `options.schemas`, by name.
pub(super) async fn views(conn: &mut PgConnection, options: &IntrospectOptions) -> Result<Vec<View>, IntrospectError> {
    let rows: Vec<(Oid, String, String, String, Vec<String>, String)> = sqlx::query_as(
        "SELECT c.oid, n.nspname::text, c.relname::text, coalesce(obj_description(c.oid, 'pg_class'), ''), \
                coalesce(c.reloptions, '{}'::text[]), coalesce(pg_get_viewdef(c.oid, true), '') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname::text = ANY($1) AND c.relkind = 'v' \
         ORDER BY n.nspname, c.relname",
    )
    .bind(&options.schemas)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("views of schemas {}", options.schemas.join(", "))))?;
    let mut views = Vec::new();
    for (oid, schema, name, comment, reloptions, body) in rows {
        let name = QualifiedName::new(schema, name);
        let object = format!("view {name}");
        let security_invoker = security_invoker(&object, &reloptions)?;
        views.push(View {
            columns: columns(conn, oid, &object).await?,
            grants: privileges::grants(conn, oid, &object, &options.api_roles).await?,
            name,
            comment,
            group: String::new(),
            body,
            security_invoker,
            cache: None,
        });
    }
    Ok(views)
}

/// Every materialized view in `options.schemas`: columns, comment, grants and
/// the columns of its first unique index (the key a concurrent refresh uses).
pub(super) async fn materialized_views(
    conn: &mut PgConnection,
    options: &IntrospectOptions,
) -> Result<Vec<MaterializedView>, IntrospectError> {
    let rows: Vec<(Oid, String, String, String, Vec<String>)> = sqlx::query_as(
        "SELECT c.oid, n.nspname::text, c.relname::text, coalesce(obj_description(c.oid, 'pg_class'), ''), \
                coalesce((SELECT ARRAY(SELECT a.attname::text \
                                       FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position) \
                                       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
                                       ORDER BY k.position) \
                          FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique \
                          ORDER BY i.indexrelid LIMIT 1), ARRAY[]::text[]) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname::text = ANY($1) AND c.relkind = 'm' \
         ORDER BY n.nspname, c.relname",
    )
    .bind(&options.schemas)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("materialized views of schemas {}", options.schemas.join(", "))))?;
    let mut materialized = Vec::new();
    for (oid, schema, name, comment, unique_key) in rows {
        let name = QualifiedName::new(schema, name);
        let object = format!("materialized view {name}");
        materialized.push(MaterializedView {
            columns: columns(conn, oid, &object).await?,
            grants: privileges::grants(conn, oid, &object, &options.api_roles).await?,
            name,
            comment,
            unique_key,
        });
    }
    Ok(materialized)
}

/// Output columns in attnum order (the order of the view's SELECT list).
async fn columns(conn: &mut PgConnection, oid: Oid, object: &str) -> Result<Vec<ViewColumn>, IntrospectError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), \
                coalesce(col_description(a.attrelid, a.attnum), '') \
         FROM pg_attribute a \
         WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY a.attnum",
    )
    .bind(oid)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("columns of {object}")))?;
    Ok(rows
        .into_iter()
        .map(|(name, data_type, comment)| ViewColumn { name, data_type: SqlType::new(&data_type), comment })
        .collect())
}

/// `security_invoker` from `reloptions` (`{security_invoker=true}`). Postgres
/// keeps the value as written, so every boolean spelling it accepts counts.
/// Any other option (`check_option`, `security_barrier`) changes behaviour the
/// model cannot describe, so it is an error rather than silently dropped.
fn security_invoker(object: &str, reloptions: &[String]) -> Result<bool, IntrospectError> {
    let mut invoker = false;
    for option in reloptions {
        let (key, value) = option.split_once('=').unwrap_or((option.as_str(), "true"));
        match key {
            "security_invoker" => invoker = is_true(value),
            _ => {
                return Err(IntrospectError::unsupported(
                    object,
                    format!("view option {option} is not in the model"),
                ))
            }
        }
    }
    Ok(invoker)
}

/// Postgres's boolean spellings (`parse_bool`): true, yes, on, 1 and their
/// unambiguous prefixes; anything else is false.
fn is_true(value: &str) -> bool {
    let value = value.trim().to_ascii_lowercase();
    let prefix_of = |word: &str| !value.is_empty() && word.starts_with(value.as_str());
    value == "1" || value == "on" || prefix_of("true") || prefix_of("yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(list: &[&str]) -> Vec<String> {
        list.iter().map(|o| (*o).to_owned()).collect()
    }

    #[test]
    fn security_invoker_accepts_every_boolean_spelling() {
        for on in ["security_invoker=true", "security_invoker=on", "security_invoker=1", "security_invoker=TRUE"] {
            assert!(security_invoker("view v", &options(&[on])).unwrap_or(false), "{on}");
        }
        for off in ["security_invoker=false", "security_invoker=off", "security_invoker=0"] {
            assert!(!security_invoker("view v", &options(&[off])).unwrap_or(true), "{off}");
        }
        assert!(!security_invoker("view v", &[]).unwrap_or(true), "no option is the default, security definer");
    }

    #[test]
    fn options_outside_the_model_are_errors_naming_the_view() {
        let error = security_invoker("view public.v", &options(&["check_option=local"]));
        assert!(
            matches!(&error, Err(e) if e.to_string() == "view public.v: view option check_option=local is not in the model"),
            "{error:?}"
        );
    }
}
