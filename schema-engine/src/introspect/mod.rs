//! Reading a live database's catalog into a [`Catalog`], so that what is
//! deployed can be compared with what is declared (see [`crate::compare`]).
//!
//! Everything the catalog type describes is read, whether or not the
//! declarations use it: an undeclared column privilege, a disabled trigger, an
//! index rebuilt `DESC NULLS LAST`, a function made LEAKPROOF. The schemas read
//! are the ones the declarations own or use; within them, nothing is skipped
//! but what PostgreSQL or an extension owns. Of the tables the platform
//! provides (Supabase's `auth.users`), only the project's triggers are read:
//! those calling a function in the schemas read, never the platform's own. One query reads it all
//! ([`query`]), and a second reads pg_cron's jobs where it is installed.
//!
//! [`render_declared`] has the server render the declared view bodies the way
//! it renders deployed ones (`pg_get_viewdef` of each, created as a temporary
//! view in a transaction that is rolled back), so views compare by meaning
//! rather than by spelling, with no shadow database.

mod build;
mod query;
mod rows;

use crate::catalog::Catalog;
use crate::model::QualifiedName;
use sqlx::PgConnection;
use std::fmt;

/// What to read, and the settings the catalog does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The schemas whose objects are read, e.g. `["analytics_cache", "public"]`.
    pub schemas: Vec<String>,
    /// Copied into the result: the platform is configuration, not catalog.
    pub platform: crate::model::Platform,
}

impl Scope {
    /// What to read to compare a database with `declared`: the platform's
    /// exposed and provided schemas, and every schema it puts an object in.
    pub fn of(declared: &Catalog) -> Self {
        let mut schemas: Vec<String> = declared.platform.exposed_schemas.clone();
        let owned = declared
            .schemas
            .iter()
            .map(|s| &s.name)
            .chain(declared.tables.iter().map(|t| &t.name.schema))
            .chain(declared.views.iter().map(|v| &v.name.schema))
            .chain(declared.materialized_views.iter().map(|m| &m.name.schema))
            .chain(declared.functions.iter().map(|f| &f.name.schema))
            .chain(declared.enums.iter().map(|e| &e.name.schema))
            .chain(declared.sequences.iter().map(|s| &s.name.schema));
        for name in owned {
            if !schemas.contains(name) {
                schemas.push(name.clone());
            }
        }
        schemas.sort();
        Self { schemas, platform: declared.platform.clone() }
    }
}

/// Why introspection failed, naming what was being read.
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
            Self::Query { object, source } => match source.as_database_error() {
                Some(error) if error.code().as_deref() == Some("42501") => {
                    write!(f, "reading {object}: permission denied ({}); connect as a role that may read the catalog", error.message())
                }
                _ => write!(f, "reading {object}: {source}"),
            },
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

/// Who reads the catalog, from where: what a caller needs to say why a
/// comparison cannot be trusted (a role that cannot render views).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Session {
    pub user: String,
    pub database: String,
    /// May create temporary objects ([`render_declared`] needs it).
    pub temporary: bool,
    pub server_version: String,
}

/// The round trips [`read`] makes: the catalog query, and pg_cron's jobs
/// where it is installed. [`render_declared`] makes one more.
pub const ROUND_TRIPS: (usize, usize) = (1, 2);

/// Reads the catalog of `scope.schemas`, canonicalized.
pub async fn introspect(conn: &mut PgConnection, scope: &Scope) -> Result<Catalog, IntrospectError> {
    Ok(read(conn, scope).await?.0)
}

/// Reads the catalog of `scope.schemas`, canonicalized, and the session that read it.
pub async fn read(conn: &mut PgConnection, scope: &Scope) -> Result<(Catalog, Session), IntrospectError> {
    let provided: Vec<String> = scope.platform.provided_tables.iter().map(|t| t.name.to_string()).collect();
    let document: serde_json::Value = sqlx::query_scalar(&query::catalog_query())
        .bind(&scope.schemas)
        .bind(&scope.platform.owner)
        .bind(&provided)
        .fetch_one(&mut *conn)
        .await
        .map_err(IntrospectError::query(format!("the catalog of schemas {}", scope.schemas.join(", "))))?;
    let rows: rows::CatalogRows = serde_json::from_value(document)
        .map_err(|e| IntrospectError::unsupported("the catalog", format!("unexpected shape of the catalog query: {e}")))?;
    let has_cron = rows.has_cron;
    let session = rows.session.clone();
    let mut catalog = build::build(rows, &scope.platform)?;
    if has_cron {
        let jobs: serde_json::Value = sqlx::query_scalar(query::CRON_JOBS)
            .fetch_one(&mut *conn)
            .await
            .map_err(IntrospectError::query("the pg_cron jobs (cron.job)"))?;
        let jobs: Vec<rows::JobRow> =
            serde_json::from_value(jobs).map_err(|e| IntrospectError::unsupported("cron.job", e.to_string()))?;
        catalog.jobs = build::jobs(jobs);
    }
    catalog.canonicalize();
    Ok((catalog, session))
}

/// Has the server render every declared view and materialized view body as it
/// renders deployed ones, and records it as their canonical form. Each body is
/// created as a temporary view inside a transaction that is rolled back; a body
/// the server rejects (it reads something the database lacks) keeps no
/// canonical form and is compared as written.
pub async fn render_declared(conn: &mut PgConnection, declared: &mut Catalog) -> Result<(), IntrospectError> {
    let bodies: Vec<(QualifiedName, String)> = declared
        .views
        .iter()
        .map(|v| (v.name.clone(), v.definition.clone()))
        .chain(declared.materialized_views.iter().map(|m| (m.name.clone(), m.definition.clone())))
        .collect();
    if bodies.is_empty() {
        return Ok(());
    }
    // One simple query, one round trip: open a transaction, create each body
    // as a temporary view (a body the server rejects is skipped), read them
    // back, and roll everything back.
    let mut script = String::from("BEGIN;\nDO $render$\nBEGIN\n");
    for (at, (_, body)) in bodies.iter().enumerate() {
        let create = format!("CREATE TEMPORARY VIEW schema_declared_{at} AS {body}");
        script.push_str(&format!(
            "    BEGIN EXECUTE {}; EXCEPTION WHEN others THEN NULL; END;\n",
            crate::sql::quote::literal(&create)
        ));
    }
    script.push_str(
        "END\n$render$;\n\
         SELECT c.relname::text, pg_get_viewdef(c.oid, true) FROM pg_class c \
         WHERE c.relnamespace = pg_my_temp_schema() AND c.relname LIKE 'schema\\_declared\\_%';\n\
         ROLLBACK;",
    );
    let rows = match sqlx::raw_sql(&script).fetch_all(&mut *conn).await {
        Ok(rows) => rows,
        Err(error) => {
            // An error leaves the transaction open and aborted.
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
            return Err(IntrospectError::query("the declared view bodies (rendered in a rolled-back transaction)")(error));
        }
    };
    let mut rendered: Vec<(String, String)> = Vec::new();
    for row in &rows {
        use sqlx::Row;
        let relation: String = row.try_get(0).map_err(IntrospectError::query("a rendered view name"))?;
        let text: String = row.try_get(1).map_err(IntrospectError::query("a rendered view body"))?;
        rendered.push((relation, text));
    }
    for (relation, text) in rendered {
        let Some(at) = relation.strip_prefix("schema_declared_").and_then(|n| n.parse::<usize>().ok()) else { continue };
        let Some((name, _)) = bodies.get(at) else { continue };
        let canonical = Some(text.trim().trim_end_matches(';').trim_end().to_owned());
        if let Some(view) = declared.views.iter_mut().find(|v| &v.name == name) {
            view.canonical = canonical;
        } else if let Some(materialized) = declared.materialized_views.iter_mut().find(|m| &m.name == name) {
            materialized.canonical = canonical;
        }
    }
    Ok(())
}
