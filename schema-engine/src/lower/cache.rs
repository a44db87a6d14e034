//! Cached views: what a view with a [`ViewCache`] becomes in the database.
//!
//! Some dashboard aggregates read hundreds of thousands of rows per call and
//! cannot answer in milliseconds however they are indexed. Such a view declares a
//! cache, and its declared SELECT is materialized instead of run on every read:
//!
//! ```text
//! public.v_x (security_invoker view, the API's name, same columns and grants)
//!   → <cache schema>.v_x_rows        definer-rights view (security_invoker off):
//!                                    the rows, only where `readable_when` holds
//!                                    for the caller; anyone else runs the
//!                                    declared SELECT under their own RLS
//!                                    instead (see `view_body`)
//!   → <cache schema>.v_x             materialized view of the declared SELECT,
//!                                    no privileges for any API role
//! <cache schema>.refresh_v_x()       REFRESH MATERIALIZED VIEW CONCURRENTLY,
//!                                    scheduled with pg_cron
//! ```
//!
//! The cache schema is not exposed by the API and no API role may select the
//! materialized view, so the rows are reachable only through the view, whose
//! reader applies the same rule as the tables' row level security. The reader
//! is a view rather than a function so that a reader's own conditions and
//! `ORDER BY … LIMIT` reach the materialized view's indexes: a page of a cached
//! list costs a page, where a set-returning function would produce every row
//! first.
//! Every object here is derived from the view's declaration: nothing is written
//! twice. This module is private to lowering: downstream, a cache is only the
//! objects listed here.

use crate::catalog::{self, CacheOrigin, Namespace};
use crate::model::*;
use crate::sql::quote::{ident, qualified};

/// A view with a cache, and the schema-wide cache settings it uses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CachedView<'a> {
    pub view: &'a View,
    pub cache: &'a ViewCache,
    pub settings: &'a CacheSettings,
}

impl<'a> CachedView<'a> {
    /// The view's cache, when it declares one and the schema has cache settings
    /// (validation rejects a cache without settings).
    pub fn of(schema: &'a Schema, view: &'a View) -> Option<Self> {
        Some(Self { view, cache: view.cache.as_ref()?, settings: schema.cache.as_ref()? })
    }

    /// The materialized view holding the rows: `<cache schema>.<view name>`.
    pub fn relation(&self) -> QualifiedName {
        QualifiedName::new(&self.settings.schema, &self.view.name.name)
    }

    /// Name of the unique index `REFRESH … CONCURRENTLY` needs.
    pub fn key_index_name(&self) -> String {
        object_names(self.view)[0].clone()
    }

    /// The unique index over the cache's key.
    pub fn key_index(&self) -> Index {
        Index {
            name: self.key_index_name(),
            columns: self.cache.key.iter().map(|c| IndexColumn::new(c.clone(), false)).collect(),
            unique: true,
            ..Index::default()
        }
    }

    /// The key index, and for a paged view whose page key is not the cache key
    /// an index on the page key too, so that a page reads only its rows.
    fn indexes(&self) -> Vec<Index> {
        let mut indexes = vec![self.key_index()];
        if let Some(page) = self.view.page.as_ref().filter(|page| page.columns != self.cache.key) {
            indexes.push(Index {
                name: object_names(self.view)[3].clone(),
                columns: page.columns.iter().map(|c| IndexColumn::new(c.clone(), false)).collect(),
                ..Index::default()
            });
        }
        indexes
    }

    /// The materialized view as the catalog will hold it: no API role may select it.
    pub fn materialized_view(&self, owner: &str) -> catalog::MaterializedView {
        catalog::MaterializedView {
            name: self.relation(),
            owner: owner.to_owned(),
            comment: format!(
                "Cached rows of {} (refreshed at `{}` UTC by {}); read them through the view.",
                self.view.name,
                self.cache.refresh_cron,
                self.refresher_name()
            ),
            columns: self.view.columns.iter().map(|c| ViewColumn { comment: String::new(), ..c.clone() }).collect(),
            definition: self.view.body.trim().trim_end_matches(';').trim_end().to_owned(),
            canonical: None,
            indexes: self.indexes(),
            grants: Vec::new(),
            options: Vec::new(),
        }
    }

    /// What the dictionary says about the cache.
    pub fn origin(&self) -> CacheOrigin {
        let refresher = self.refresher();
        CacheOrigin {
            view: self.view.name.clone(),
            relation: self.relation(),
            key: self.cache.key.clone(),
            refresh_cron: self.cache.refresh_cron.clone(),
            reader: self.reader_name(),
            job: refresher.schedule.as_ref().map(|s| s.job_name.clone()).unwrap_or_default(),
            refresher: refresher.name,
        }
    }

    fn reader_name(&self) -> QualifiedName {
        QualifiedName::new(&self.settings.schema, &object_names(self.view)[1])
    }

    fn refresher_name(&self) -> QualifiedName {
        QualifiedName::new(&self.settings.schema, &object_names(self.view)[2])
    }

    /// Roles that may read the view; they may read its reader.
    pub fn reader_roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = self
            .view
            .grants
            .iter()
            .filter(|g| g.privileges.contains(&Privilege::Select))
            .map(|g| g.role.clone())
            .collect();
        roles.sort();
        roles
    }

    /// The definer-rights view the public view reads: every cached row when the
    /// caller may see them, none otherwise. It runs as its owner, who may read
    /// the materialized view; `readable_when` looks at the caller's role and
    /// claims, which a view does not change.
    pub fn reader(&self, owner: &str) -> catalog::View {
        let columns: Vec<String> = self.view.columns.iter().map(|c| format!("cached.{}", ident(&c.name))).collect();
        catalog::View {
            name: self.reader_name(),
            owner: owner.to_owned(),
            comment: format!(
                "Rows of {} from its cache {}, for callers allowed to read them: {} Anyone else gets no rows.",
                self.view.name,
                self.relation(),
                self.settings.readable_when_reason
            ),
            columns: self.view.columns.iter().map(|c| ViewColumn { comment: String::new(), ..c.clone() }).collect(),
            definition: format!("SELECT {}\nFROM {} AS cached\nWHERE {}", columns.join(", "), qualified(&self.relation()), self.settings.readable_when),
            canonical: None,
            options: catalog::ViewOptions { security_invoker: false, ..catalog::ViewOptions::default() },
            grants: self.reader_roles().into_iter().map(|role| Grant::new(role, vec![Privilege::Select])).collect(),
        }
    }

    /// The SECURITY DEFINER function that refreshes the cache without blocking
    /// readers; pg_cron calls it on the declared schedule.
    pub fn refresher(&self) -> Function {
        Function {
            name: self.refresher_name(),
            comment: format!(
                "Recomputes the cache of {} without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `{}` UTC through pg_cron; call it after a bulk load to show new data at once.",
                self.view.name, self.cache.refresh_cron
            ),
            arguments: Vec::new(),
            returns: FunctionReturn::Scalar { data_type: SqlType::new("void") },
            language: "plpgsql".to_owned(),
            volatility: Volatility::Volatile,
            security_definer: true,
            search_path: Some(String::new()),
            body: format!("BEGIN\n    REFRESH MATERIALIZED VIEW CONCURRENTLY {};\nEND;", qualified(&self.relation())),
            execute_roles: self.settings.refresh_roles.clone(),
            schedule: Some(Schedule {
                job_name: format!("refresh-{}", self.view.name.name.replace('_', "-")),
                cron: self.cache.refresh_cron.clone(),
            }),
            triggers: Vec::new(),
        }
    }

    /// The SELECT the public view runs. Callers allowed to read every row get
    /// the cache. Anyone else gets the declared SELECT itself, run under their
    /// own row level security, so an aggregate shows them exactly what it would
    /// uncached (typically zeros over no rows) at no cost: their policies hide
    /// every row. For allowed callers the second branch is cut off by a one-time
    /// filter and never runs.
    ///
    /// A paged cache (a list, `page(...)`) is the reader alone: its rows for the
    /// callers allowed to read them all, none for anyone else. PostgreSQL does
    /// not merge a `UNION ALL` member that has a WHERE clause into the append,
    /// so with the live branch beside it a page sorted every cached row instead
    /// of reading the key index; and a list, unlike an aggregate, shows a caller
    /// whom the policies let see no row exactly nothing either way.
    pub fn view_body(&self) -> String {
        let columns: Vec<String> = self.view.columns.iter().map(|c| ident(&c.name)).collect();
        let columns = columns.join(", ");
        let cached = format!("SELECT {columns}\nFROM {} AS cached", qualified(&self.reader_name()));
        if self.view.page.is_some() {
            return cached;
        }
        let body = self.view.body.trim().trim_end_matches(';').trim_end();
        format!("{cached}\nUNION ALL\nSELECT {columns}\nFROM (\n{body}\n) AS live\nWHERE NOT {}", self.settings.readable_when)
    }
}

/// The names a cached view's derived objects take.
pub(crate) fn object_names(view: &View) -> Vec<String> {
    let name = &view.name.name;
    vec![format!("{name}_key"), format!("{name}_rows"), format!("refresh_{name}"), format!("{name}_page")]
}

/// The schema caches live in, closed to the API roles but for USAGE by the
/// roles that read cached views or refresh them.
pub(crate) fn namespace(schema: &Schema, platform: &Platform, settings: &CacheSettings) -> Namespace {
    let mut users: Vec<String> = schema
        .views
        .iter()
        .filter_map(|view| CachedView::of(schema, view))
        .flat_map(|cached| cached.reader_roles())
        .chain(settings.refresh_roles.iter().cloned())
        .collect();
    users.sort();
    users.dedup();
    Namespace {
        name: settings.schema.clone(),
        owner: Some(platform.owner.clone()),
        comment: Some(settings.comment.clone()),
        grants: users.into_iter().map(|role| Grant::new(role, vec![Privilege::Usage])).collect(),
        provided: false,
    }
}
