//! The catalog: what a PostgreSQL database holds for a project, object by object
//! and attribute by attribute.
//!
//! One type plays every part where a database is described: the declarations
//! [lowered](crate::lower) to what they must produce, the snapshot of the last
//! migration (`generated/schema.json`), and a live database read back by
//! [introspection](crate::introspect). [`crate::compare`] compares two of them,
//! and everything downstream (SQL, the migration planner, drift, the
//! dictionary) reads catalogs only. Nothing here is a declaration-only notion:
//! a cached view is already its materialized view, functions and job.

mod objects;
mod relations;
mod routines;

pub use objects::*;
pub use relations::*;
pub use routines::*;

use crate::model::{DefaultPrivilege, Platform, Prerequisite, ProvidedTableTrigger, QualifiedName};
use serde::{Deserialize, Serialize};

/// Everything a database holds for a project, with the platform settings the
/// objects were lowered for beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Where and how the catalog is deployed; not compared as objects.
    pub platform: Platform,
    /// Functions the platform provides, with their fallbacks; not compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<Prerequisite>,
    /// Schemas the project creates or uses (the platform's included).
    pub schemas: Vec<Namespace>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    pub tables: Vec<Table>,
    /// The project's triggers on tables the platform provides (which are not
    /// the project's, so not in `tables`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provided_table_triggers: Vec<ProvidedTableTrigger>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    pub views: Vec<View>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materialized_views: Vec<MaterializedView>,
    pub functions: Vec<Function>,
    /// Default privileges for objects the owner creates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_privileges: Vec<DefaultPrivilege>,
    /// pg_cron jobs, created where pg_cron is installed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jobs: Vec<CronJob>,
    /// Whether `jobs` says anything: false for a database read without pg_cron,
    /// where jobs are neither created nor compared.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub has_jobs: bool,
    /// Where lowered objects came from, for the dictionary; never compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caches: Vec<CacheOrigin>,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// What a cached view was lowered into: the dictionary's account of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheOrigin {
    pub view: QualifiedName,
    pub relation: QualifiedName,
    pub key: Vec<String>,
    pub refresh_cron: String,
    pub reader: QualifiedName,
    pub refresher: QualifiedName,
    pub job: String,
}

impl Catalog {
    /// An empty catalog for `platform`: what a database holds before the first migration.
    pub fn empty(platform: Platform) -> Self {
        Self {
            platform,
            prerequisites: Vec::new(),
            schemas: Vec::new(),
            extensions: Vec::new(),
            enums: Vec::new(),
            tables: Vec::new(),
            provided_table_triggers: Vec::new(),
            sequences: Vec::new(),
            views: Vec::new(),
            materialized_views: Vec::new(),
            functions: Vec::new(),
            default_privileges: Vec::new(),
            jobs: Vec::new(),
            has_jobs: true,
            caches: Vec::new(),
        }
    }

    pub fn schema(&self, name: &str) -> Option<&Namespace> {
        self.schemas.iter().find(|s| s.name == name)
    }

    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables.iter().find(|t| &t.name == name)
    }

    pub fn view(&self, name: &QualifiedName) -> Option<&View> {
        self.views.iter().find(|v| &v.name == name)
    }

    pub fn materialized_view(&self, name: &QualifiedName) -> Option<&MaterializedView> {
        self.materialized_views.iter().find(|m| &m.name == name)
    }

    pub fn sequence(&self, name: &QualifiedName) -> Option<&Sequence> {
        self.sequences.iter().find(|s| &s.name == name)
    }

    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumType> {
        self.enums.iter().find(|e| &e.name == name)
    }

    /// The project's trigger `name` on the provided table `table`.
    pub fn provided_table_trigger(&self, table: &QualifiedName, name: &str) -> Option<&crate::model::Trigger> {
        self.provided_table_triggers.iter().find(|t| &t.table == table && t.trigger.name == name).map(|t| &t.trigger)
    }

    /// A function by its identity (`schema.name(argument types)`).
    pub fn function(&self, identity: &FunctionId) -> Option<&Function> {
        self.functions.iter().find(|f| &f.id() == identity)
    }

    /// The functions named `name`, whatever their arguments.
    pub fn functions_named<'a>(&'a self, name: &'a QualifiedName) -> impl Iterator<Item = &'a Function> + 'a {
        self.functions.iter().filter(move |f| &f.name == name)
    }

    /// Whether a table, view or materialized view has this name.
    pub fn has_relation(&self, name: &QualifiedName) -> bool {
        self.table(name).is_some() || self.view(name).is_some() || self.materialized_view(name).is_some()
    }

    pub fn job(&self, name: &str) -> Option<&CronJob> {
        self.jobs.iter().find(|j| j.name == name)
    }

    /// Puts every list whose order carries no meaning in a canonical order, so
    /// that equal catalogs are equal values and serialize to the same bytes.
    /// Tables, views and functions keep their order (the dictionary follows the
    /// declarations); comparisons match them by name.
    pub fn canonicalize(&mut self) {
        self.schemas.sort_by(|a, b| a.name.cmp(&b.name));
        for schema in &mut self.schemas {
            crate::model::canonicalize_grants(&mut schema.grants);
        }
        self.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        for table in &mut self.tables {
            table.canonicalize();
        }
        self.provided_table_triggers.sort_by(|a, b| (&a.table, &a.trigger.name).cmp(&(&b.table, &b.trigger.name)));
        for provided in &mut self.provided_table_triggers {
            provided.trigger.events.sort();
            provided.trigger.events.dedup();
        }
        self.sequences.sort_by(|a, b| a.name.cmp(&b.name));
        for sequence in &mut self.sequences {
            crate::model::canonicalize_grants(&mut sequence.grants);
        }
        for view in &mut self.views {
            view.canonicalize();
        }
        self.materialized_views.sort_by(|a, b| a.name.cmp(&b.name));
        for materialized in &mut self.materialized_views {
            materialized.canonicalize();
        }
        for function in &mut self.functions {
            function.canonicalize();
        }
        for default in &mut self.default_privileges {
            crate::model::canonicalize_grants(&mut default.grants);
        }
        self.default_privileges.retain(|d| !d.grants.is_empty());
        self.default_privileges.sort_by(|a, b| (&a.role, &a.schema, a.object_type).cmp(&(&b.role, &b.schema, b.object_type)));
        self.jobs.sort_by(|a, b| a.name.cmp(&b.name));
    }
}
