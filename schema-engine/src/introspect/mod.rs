//! Reading a live database's catalog into a [`Catalog`], so that what is
//! deployed can be compared with what is declared (see [`crate::compare`]).
//!
//! Everything the catalog type describes is read, whether or not the
//! declarations use it: an undeclared column privilege, a disabled trigger, an
//! index rebuilt `DESC NULLS LAST`, a function made LEAKPROOF. The schemas read
//! are the ones the declarations own or use; within them, nothing is skipped
//! but what PostgreSQL or an extension owns. Of the tables the platform
//! provides (Supabase's `auth.users`), only the project's triggers are read:
//! those calling a function in the schemas read, never the platform's own. Two queries read it
//! all ([`query`]), on one connection or side by side on two, and a third reads pg_cron's jobs
//! where it is installed.
//!
//! [`render_declared`] has the server render the declared view bodies the way
//! it renders deployed ones (`pg_get_viewdef` of each, created as a temporary
//! view in a transaction that is rolled back), so views compare by meaning
//! rather than by spelling, with no shadow database.

mod build;
mod query;
mod render;
mod rows;

pub use render::{declared_bodies, render_bodies, render_declared, set_canonical, Renderings};

use crate::catalog::Catalog;
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

/// The round trips [`read`] makes: the two catalog queries, and pg_cron's
/// jobs where it is installed. [`render_declared`] makes one more.
pub const ROUND_TRIPS: (usize, usize) = (2, 3);

/// Half of what [`read`] reads: [`read_relations`] or [`read_objects`],
/// which two connections can read side by side; [`assemble`] joins them.
pub struct Part {
    document: serde_json::Map<String, serde_json::Value>,
    jobs: Option<serde_json::Value>,
    renderings: Vec<(String, String)>,
}

impl Part {
    /// The rule key and rendering of every deployed view read, for the
    /// caller to keep ([`Renderings::deployed`]).
    pub fn renderings(&self) -> &[(String, String)] {
        &self.renderings
    }
}

/// Reads the catalog of `scope.schemas`, canonicalized.
pub async fn introspect(conn: &mut PgConnection, scope: &Scope) -> Result<Catalog, IntrospectError> {
    Ok(read(conn, scope).await?.0)
}

/// Reads the catalog of `scope.schemas`, canonicalized, and the session that read it.
pub async fn read(conn: &mut PgConnection, scope: &Scope) -> Result<(Catalog, Session), IntrospectError> {
    let relations = read_relations(conn, scope, None).await?;
    let objects = read_objects(conn, scope).await?;
    assemble(relations, objects, scope)
}

/// The first half: the schemas, extensions, relations (with the deployed view
/// bodies, the slowest part), constraints and functions, and pg_cron's jobs where it is
/// installed. A view whose rendering `kept` holds (by its rule key: its oid
/// and the state of the catalogs, see [`query`]) is not deparsed again.
pub async fn read_relations(conn: &mut PgConnection, scope: &Scope, kept: Option<&Renderings>) -> Result<Part, IntrospectError> {
    let [relations, _] = query::catalog_queries();
    let known: Vec<String> = kept.map(|kept| kept.deployed.keys().cloned().collect()).unwrap_or_default();
    let mut document = fetch(sqlx::query_scalar(relations).bind(&scope.schemas).bind(known), conn, scope).await?;
    let renderings = render::deployed(&mut document, kept, conn).await?;
    let jobs = match document.get("has_cron") {
        Some(serde_json::Value::Bool(true)) => Some(
            sqlx::query_scalar(query::CRON_JOBS)
                .fetch_one(&mut *conn)
                .await
                .map_err(IntrospectError::query("the pg_cron jobs (cron.job)"))?,
        ),
        _ => None,
    };
    Ok(Part { document, jobs, renderings })
}

/// The second half: the columns, indexes, policies, triggers, sequences,
/// enums and default privileges.
pub async fn read_objects(conn: &mut PgConnection, scope: &Scope) -> Result<Part, IntrospectError> {
    let [_, objects] = query::catalog_queries();
    let provided: Vec<String> = scope.platform.provided_tables.iter().map(|t| t.name.to_string()).collect();
    let query = sqlx::query_scalar(objects).bind(&scope.schemas).bind(&scope.platform.owner).bind(provided);
    Ok(Part { document: fetch(query, conn, scope).await?, jobs: None, renderings: Vec::new() })
}

async fn fetch<'q>(
    query: sqlx::query::QueryScalar<'q, sqlx::Postgres, serde_json::Value, sqlx::postgres::PgArguments>,
    conn: &mut PgConnection,
    scope: &Scope,
) -> Result<serde_json::Map<String, serde_json::Value>, IntrospectError> {
    let document = query
        .fetch_one(&mut *conn)
        .await
        .map_err(IntrospectError::query(format!("the catalog of schemas {}", scope.schemas.join(", "))))?;
    match document {
        serde_json::Value::Object(fields) => Ok(fields),
        _ => Err(IntrospectError::unsupported("the catalog", "the catalog query returned no JSON object")),
    }
}

/// The catalog the two parts describe, canonicalized, and the session that read it.
pub fn assemble(relations: Part, objects: Part, scope: &Scope) -> Result<(Catalog, Session), IntrospectError> {
    let mut document = relations.document;
    document.extend(objects.document);
    let rows: rows::CatalogRows = serde_json::from_value(serde_json::Value::Object(document))
        .map_err(|e| IntrospectError::unsupported("the catalog", format!("unexpected shape of the catalog query: {e}")))?;
    let session = rows.session.clone();
    let mut catalog = build::build(rows, &scope.platform)?;
    if let Some(jobs) = relations.jobs {
        let jobs: Vec<rows::JobRow> =
            serde_json::from_value(jobs).map_err(|e| IntrospectError::unsupported("cron.job", e.to_string()))?;
        catalog.jobs = build::jobs(jobs);
    }
    catalog.canonicalize();
    Ok((catalog, session))
}
