//! Lowering: the declared [`Schema`] and its [`Platform`] turned into the
//! [`Catalog`] they must produce in PostgreSQL.
//!
//! This is the one place where declarations become database objects. Every
//! default a declaration leaves unsaid is made explicit here (the owner, that
//! `PUBLIC` may not execute a function, PostgreSQL's default cost), so that the
//! catalog compares attribute by attribute with one read back from a database.
//! A cached view becomes its materialized view, reading and refreshing functions
//! and pg_cron job ([`cache`]); nothing downstream knows caches exist.

mod cache;

use crate::catalog::{self, CacheOrigin, Catalog, CronJob, EnumType, Namespace, ViewOptions};
use crate::model::{self, FunctionReturn, Grant, Platform, Privilege, QualifiedName, Schema};
use crate::sql::quote::qualified;

/// The catalog `schema` must produce on `platform`. Call it on a validated
/// schema (see [`crate::validate`]); lowering itself never fails.
pub fn lower(schema: &Schema, platform: &Platform) -> Catalog {
    let owner = &platform.owner;
    let mut catalog = Catalog::empty(platform.clone());
    catalog.prerequisites = schema.prerequisites.clone();
    catalog.default_privileges = platform.default_privileges.clone();
    catalog.schemas = platform
        .provided_schemas
        .iter()
        .map(|provided| Namespace {
            name: provided.name.clone(),
            owner: None,
            comment: None,
            grants: provided.grants.clone(),
            provided: true,
        })
        .collect();
    catalog.enums = schema
        .enums
        .iter()
        .map(|e| EnumType { name: e.name.clone(), values: e.values.clone(), owner: owner.clone(), comment: e.comment.clone() })
        .collect();
    catalog.tables = schema.tables.iter().map(|table| lower_table(table, owner)).collect();
    catalog.provided_table_triggers = schema.functions.iter().flat_map(|f| f.triggers.iter().cloned()).collect();
    catalog.functions = schema.functions.iter().map(|function| lower_function(function, owner)).collect();
    catalog.jobs = schema.functions.iter().filter_map(job).collect();
    for view in &schema.views {
        match cache::CachedView::of(schema, view) {
            Some(cached) => {
                catalog.views.push(cached.reader(owner));
                catalog.views.push(lower_view(view, cached.view_body(), owner));
                catalog.materialized_views.push(cached.materialized_view(owner));
                let refresher = cached.refresher();
                catalog.jobs.extend(job(&refresher));
                catalog.functions.push(lower_function(&refresher, owner));
                catalog.caches.push(cached.origin());
            }
            None => catalog.views.push(lower_view(view, view.body.clone(), owner)),
        }
    }
    if let Some(settings) = &schema.cache {
        if !catalog.caches.is_empty() {
            catalog.schemas.push(cache::namespace(schema, platform, settings));
        }
    }
    // Validation made sure each schema is one the catalog holds.
    for extra in &schema.schema_grants {
        if let Some(namespace) = catalog.schemas.iter_mut().find(|s| s.name == extra.schema) {
            namespace.grants.push(extra.grant.clone());
        }
    }
    catalog.canonicalize();
    catalog
}

fn lower_table(table: &model::Table, owner: &str) -> catalog::Table {
    catalog::Table {
        name: table.name.clone(),
        owner: owner.to_owned(),
        comment: table.comment.clone(),
        columns: table.columns.clone(),
        constraints: table.constraints.clone(),
        indexes: table.indexes.clone(),
        rls_enabled: table.rls.enabled,
        rls_forced: table.rls.forced,
        policies: table.policies.clone(),
        grants: table.grants.clone(),
        triggers: table.triggers.clone(),
        replica_identity: table.replica_identity.clone(),
        publications: table.publications.clone(),
        options: Vec::new(),
    }
}

fn lower_view(view: &model::View, definition: String, owner: &str) -> catalog::View {
    catalog::View {
        name: view.name.clone(),
        owner: owner.to_owned(),
        comment: view.comment.clone(),
        columns: view.columns.clone(),
        definition: trim_statement(&definition),
        canonical: None,
        options: ViewOptions { security_invoker: view.runs_as_invoker(), ..ViewOptions::default() },
        grants: view.grants.clone(),
    }
}

/// A view or function body as a statement body: no trailing semicolon or blank.
fn trim_statement(sql: &str) -> String {
    sql.trim().trim_end_matches(';').trim_end().to_owned()
}

fn lower_function(function: &model::Function, owner: &str) -> catalog::Function {
    let returns_set = matches!(&function.returns, FunctionReturn::Table { .. })
        || matches!(&function.returns, FunctionReturn::Scalar { data_type } if data_type.as_str().starts_with("setof "));
    catalog::Function {
        name: function.name.clone(),
        owner: owner.to_owned(),
        comment: function.comment.clone(),
        arguments: function.arguments.clone(),
        returns: function.returns.clone(),
        language: function.language.clone(),
        volatility: function.volatility,
        strict: false,
        leakproof: false,
        parallel: catalog::Parallel::Unsafe,
        security_definer: function.security_definer,
        // As PostgreSQL stores a list: `auth,public` reads back `auth, public`.
        config: function
            .search_path
            .iter()
            .map(|path| ("search_path".to_owned(), path.split(',').map(str::trim).collect::<Vec<_>>().join(", ")))
            .collect(),
        cost: catalog::Function::DEFAULT_COST,
        rows: if returns_set { catalog::Function::DEFAULT_SET_ROWS } else { 0 },
        body: function.body.clone(),
        // EXECUTE is revoked from PUBLIC; the declared roles get it back.
        grants: function.execute_roles.iter().map(|role| Grant::new(role.clone(), vec![Privilege::Execute])).collect(),
    }
}

/// The pg_cron job of a scheduled function.
fn job(function: &model::Function) -> Option<CronJob> {
    let schedule = function.schedule.as_ref()?;
    Some(CronJob {
        name: schedule.job_name.clone(),
        schedule: schedule.cron.clone(),
        command: schedule_command(&function.name),
        active: true,
    })
}

/// What `platform` holds before a project's first migration: its provided
/// schemas and default privileges. The first migration is planned from it.
pub fn baseline(platform: &Platform) -> Catalog {
    lower(&Schema::default(), platform)
}

/// The SQL a scheduled function's job runs.
pub fn schedule_command(function: &QualifiedName) -> String {
    format!("SELECT {}()", qualified(function))
}

/// Every cached view's refresh call (`SELECT <refresh>();`), in declaration
/// order: fills the caches with the data now in the tables (tests run it after
/// loading fixtures; an ETL can run it after a load).
pub fn refresh_caches_sql(catalog: &Catalog) -> String {
    catalog.caches.iter().map(|cache| format!("SELECT {}();\n", qualified(&cache.refresher))).collect()
}

/// The names of the objects a cached view lowers to (for validation's
/// identifier-length check).
pub fn cache_object_names(view: &model::View) -> Vec<String> {
    cache::object_names(view)
}

/// The cache, if any, that serves `view`.
pub fn cache_of<'a>(catalog: &'a Catalog, view: &QualifiedName) -> Option<&'a CacheOrigin> {
    catalog.caches.iter().find(|cache| &cache.view == view)
}

#[cfg(test)]
pub(crate) mod tests;
