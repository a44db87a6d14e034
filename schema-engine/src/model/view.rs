//! Views: a query with typed output columns and explicit privileges.

use super::{Grant, QualifiedName, SqlType};
use serde::{Deserialize, Serialize};

/// Whether a view runs as its caller when neither it nor its project says:
/// a definer-rights view reads around the caller's row level security.
pub const DEFAULT_SECURITY_INVOKER: bool = true;

/// A view. Its SQL body lives in a `.sql` file beside the declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub name: QualifiedName,
    /// What the view is for (the struct's doc comment).
    pub comment: String,
    /// The dictionary group it is listed under (e.g. "Dashboard Views (Real-time)").
    pub group: String,
    /// The output columns, in order, with the types the database must report.
    pub columns: Vec<ViewColumn>,
    /// The SELECT that defines the view.
    pub body: String,
    /// `security_invoker = true`: the caller's privileges and RLS apply to the
    /// tables the view reads, not the view owner's. `None`: the project's
    /// default, applied when the project's schema is assembled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_invoker: Option<bool>,
    pub grants: Vec<Grant>,
    /// Served from a materialized copy of `body`, refreshed on a schedule, instead
    /// of running `body` on every read (see [`crate::cache`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<ViewCache>,
    /// How a reader pages through the view when it is a long list: the order
    /// and the key to resume after (documentation for its readers, and what
    /// the benchmark pages by; nothing in the database).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageKey>,
}

/// Keyset paging: `ORDER BY key` (all columns ascending, or all descending),
/// and the next page resumes after the last row's key with a row comparison,
/// `WHERE (a, b) < ($1, $2)`, which an index on the key answers without
/// reading the rows before it (unlike `OFFSET`). Rendered by
/// [`crate::sql::page_order_by`] and [`crate::sql::page_after`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageKey {
    /// Output columns that order the rows and identify one.
    pub columns: Vec<String>,
    pub descending: bool,
}


/// How a cached view's rows are kept: the materialized view's unique key (which
/// `REFRESH MATERIALIZED VIEW CONCURRENTLY` needs) and the refresh schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewCache {
    /// Output columns that identify a row.
    pub key: Vec<String>,
    /// pg_cron expression (UTC) of the refresh, e.g. `*/15 * * * *`.
    pub refresh_cron: String,
}

/// Where cached views keep their rows and who may read them: a schema the API
/// does not expose, whose materialized views no API role may select. Each cached
/// view reads its rows through a SECURITY DEFINER function that returns them only
/// when `readable_when` holds for the caller, so the cache shows each caller what
/// the underlying tables' row level security would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheSettings {
    /// The schema holding the materialized views and their functions.
    pub schema: String,
    /// Why the schema exists (its comment).
    pub comment: String,
    /// Predicate, evaluated in the cache's reader view, under which the caller sees
    /// the cached rows; anyone else sees none.
    pub readable_when: String,
    /// Why `readable_when` matches the underlying tables' policies.
    pub readable_when_reason: String,
    /// Roles that may refresh a cache by calling its refresh function.
    pub refresh_roles: Vec<String>,
}

/// One output column of a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[derive(Default)]
pub struct ViewColumn {
    pub name: String,
    pub data_type: SqlType,
    pub comment: String,
    /// Column-level privileges (`GRANT SELECT (column) ON view …`); none are declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

impl View {
    /// Whether the view runs as its caller (a view that does not say gets the
    /// toolkit's default, `true`, unless its project's defaults applied another).
    pub fn runs_as_invoker(&self) -> bool {
        self.security_invoker.unwrap_or(DEFAULT_SECURITY_INVOKER)
    }

    pub fn canonicalize(&mut self) {
        super::canonicalize_grants(&mut self.grants);
    }
}
