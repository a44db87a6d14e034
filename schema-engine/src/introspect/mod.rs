//! Reading a live database's catalog back into the schema model, so that what is
//! deployed can be compared with what is declared (see [`crate::diff`]).
//!
//! Only what the model can describe is read: tables with their columns,
//! constraints, indexes, row level security, policies, grants to the API roles
//! and triggers; views with their output columns, `security_invoker` and
//! grants; materialized views (what cached views become); functions; and, where
//! pg_cron is installed, its jobs ([`cron_jobs`]). Something the model cannot express (a
//! statement-level trigger, an OUT argument, an unknown index method) is an
//! error naming the object, rather than a silently wrong model.

mod constraints;
mod privileges;
mod routines;

pub use routines::cron_jobs;
mod tables;
mod views;

use crate::model::{QualifiedName, Schema, Table};
use sqlx::postgres::types::Oid;
use sqlx::PgConnection;
use std::fmt;

/// What to read, and the settings the catalog does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectOptions {
    /// The schemas whose tables, views and functions are read, e.g. `["public"]`.
    pub schemas: Vec<String>,
    /// Roles whose privileges are read (Supabase's `anon`, `authenticated`,
    /// `service_role`); copied into the result.
    pub api_roles: Vec<String>,
    /// Copied into the result: which schemas the API exposes is configuration,
    /// not catalog.
    pub exposed_schemas: Vec<String>,
}

impl IntrospectOptions {
    /// Options for reading back a database built from `declared`: its API roles,
    /// its exposed schemas, and every schema it puts a table, view or function in.
    pub fn for_schema(declared: &Schema) -> Self {
        let mut schemas = declared.exposed_schemas.clone();
        let owned = declared
            .tables
            .iter()
            .map(|t| &t.name)
            .chain(declared.views.iter().map(|v| &v.name))
            .chain(declared.functions.iter().map(|f| &f.name))
            .map(|name| &name.schema)
            .chain(declared.cache.iter().map(|settings| &settings.schema));
        for name in owned {
            if !schemas.contains(name) {
                schemas.push(name.clone());
            }
        }
        Self { schemas, api_roles: declared.api_roles.clone(), exposed_schemas: declared.exposed_schemas.clone() }
    }
}

/// Why introspection failed, naming the object being read.
#[derive(Debug)]
pub enum IntrospectError {
    /// A catalog query failed.
    Query { object: String, source: sqlx::Error },
    /// The catalog holds something the model cannot describe.
    Unsupported { object: String, reason: String },
}

impl IntrospectError {
    fn query(object: impl Into<String>) -> impl FnOnce(sqlx::Error) -> Self {
        let object = object.into();
        move |source| Self::Query { object, source }
    }

    fn unsupported(object: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Unsupported { object: object.into(), reason: reason.into() }
    }
}

impl fmt::Display for IntrospectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Query { object, source } => write!(f, "reading {object}: {source}"),
            Self::Unsupported { object, reason } => write!(f, "{object}: {reason}"),
        }
    }
}

impl std::error::Error for IntrospectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Query { source, .. } => Some(source),
            Self::Unsupported { .. } => None,
        }
    }
}

/// A table as listed, before its parts are read.
struct TableRow {
    oid: Oid,
    name: QualifiedName,
    comment: String,
    rls_enabled: bool,
    rls_forced: bool,
}

/// Reads the tables, views and functions of `options.schemas` into a
/// canonicalized [`Schema`]. Prerequisites are declarations only and stay empty.
pub async fn introspect(conn: &mut PgConnection, options: &IntrospectOptions) -> Result<Schema, IntrospectError> {
    let mut tables = Vec::new();
    for row in list_tables(conn, options).await? {
        tables.push(read_table(conn, options, row).await?);
    }
    let views = views::views(conn, options).await?;
    let functions = routines::functions(conn, options).await?;
    let materialized_views = views::materialized_views(conn, options).await?;
    let mut schema = Schema {
        api_roles: options.api_roles.clone(),
        exposed_schemas: options.exposed_schemas.clone(),
        prerequisites: Vec::new(),
        tables,
        views,
        functions,
        cache: None,
        materialized_views,
    };
    schema.canonicalize();
    Ok(schema)
}

async fn list_tables(conn: &mut PgConnection, options: &IntrospectOptions) -> Result<Vec<TableRow>, IntrospectError> {
    // Ordinary and partitioned tables; sqlx's migration history is tooling, not schema.
    let rows: Vec<(Oid, String, String, String, bool, bool)> = sqlx::query_as(
        "SELECT c.oid, n.nspname::text, c.relname::text, coalesce(obj_description(c.oid, 'pg_class'), ''), \
                c.relrowsecurity, c.relforcerowsecurity \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname::text = ANY($1) AND c.relkind IN ('r', 'p') AND c.relname <> '_sqlx_migrations' \
         ORDER BY n.nspname, c.relname",
    )
    .bind(&options.schemas)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("tables of schemas {}", options.schemas.join(", "))))?;
    Ok(rows
        .into_iter()
        .map(|(oid, schema, name, comment, rls_enabled, rls_forced)| TableRow {
            oid,
            name: QualifiedName::new(schema, name),
            comment,
            rls_enabled,
            rls_forced,
        })
        .collect())
}

async fn read_table(
    conn: &mut PgConnection,
    options: &IntrospectOptions,
    row: TableRow,
) -> Result<Table, IntrospectError> {
    Ok(Table {
        columns: tables::columns(conn, &row).await?,
        constraints: constraints::constraints(conn, &row).await?,
        indexes: tables::indexes(conn, &row).await?,
        rls: crate::model::RowLevelSecurity { enabled: row.rls_enabled, forced: row.rls_forced, opt_out_reason: None },
        policies: privileges::policies(conn, &row).await?,
        grants: privileges::grants(conn, row.oid, &format!("table {}", row.name), &options.api_roles).await?,
        triggers: tables::triggers(conn, &row).await?,
        name: row.name,
        comment: row.comment,
    })
}
