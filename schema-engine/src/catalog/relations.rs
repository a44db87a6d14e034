//! Relations of the catalog: tables, views, materialized views and sequences.

use crate::model::{
    canonicalize_grants, canonicalize_policy_roles, sort_constraints, Column, Constraint, Grant, Index, Policy, QualifiedName, ReplicaIdentity,
    SqlType, Trigger, ViewColumn,
};
use serde::{Deserialize, Serialize};

/// A table with everything PostgreSQL keeps about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualifiedName,
    pub owner: String,
    pub comment: String,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    /// `ENABLE ROW LEVEL SECURITY`.
    pub rls_enabled: bool,
    /// `FORCE ROW LEVEL SECURITY`: the owner is subject to the policies too.
    pub rls_forced: bool,
    pub policies: Vec<Policy>,
    /// Table-level privileges by grantee (column-level ones are on the columns).
    pub grants: Vec<Grant>,
    pub triggers: Vec<Trigger>,
    #[serde(default, skip_serializing_if = "ReplicaIdentity::is_default")]
    pub replica_identity: ReplicaIdentity,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publications: Vec<String>,
    /// Storage parameters (`WITH (fillfactor = 90)`), as `name=value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.name == name)
    }

    pub fn constraint(&self, name: &str) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.name == name)
    }

    pub fn policy(&self, name: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.name == name)
    }

    pub fn trigger(&self, name: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.name == name)
    }

    pub fn canonicalize(&mut self) {
        sort_constraints(&mut self.constraints);
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        for index in &mut self.indexes {
            index.options.sort();
        }
        self.policies.sort_by(|a, b| a.name.cmp(&b.name));
        for policy in &mut self.policies {
            canonicalize_policy_roles(&mut policy.roles);
        }
        canonicalize_grants(&mut self.grants);
        for column in &mut self.columns {
            canonicalize_grants(&mut column.grants);
        }
        self.triggers.sort_by(|a, b| a.name.cmp(&b.name));
        for trigger in &mut self.triggers {
            trigger.events.sort();
            trigger.events.dedup();
        }
        self.publications.sort();
        self.publications.dedup();
        self.options.sort();
    }
}

/// A view: its SQL and the columns, options and privileges PostgreSQL keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub name: QualifiedName,
    pub owner: String,
    pub comment: String,
    /// Output columns in order, with their types and comments.
    pub columns: Vec<ViewColumn>,
    /// The SELECT that defines it: as declared, or as the server prints it.
    pub definition: String,
    /// The definition as the server prints it (`pg_get_viewdef`), where known:
    /// always for a database read back, and for a declared view once the server
    /// has rendered it ([`crate::introspect::render_declared`]). Two views
    /// whose canonical forms are both known are compared by them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    pub options: ViewOptions,
    pub grants: Vec<Grant>,
}

/// The `WITH (…)` options of a view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewOptions {
    /// The caller's privileges and row level security apply to what it reads.
    pub security_invoker: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_barrier: bool,
    /// `local` or `cascaded` (`WITH CHECK OPTION`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_option: Option<String>,
}

impl ViewOptions {
    /// The options as `name=value`, as `reloptions` lists them (defaults left out).
    pub fn listed(&self) -> Vec<String> {
        let mut listed = Vec::new();
        if self.security_invoker {
            listed.push("security_invoker=true".to_owned());
        }
        if self.security_barrier {
            listed.push("security_barrier=true".to_owned());
        }
        if let Some(option) = &self.check_option {
            listed.push(format!("check_option={option}"));
        }
        listed
    }
}

impl View {
    pub fn canonicalize(&mut self) {
        canonicalize_grants(&mut self.grants);
        for column in &mut self.columns {
            canonicalize_grants(&mut column.grants);
        }
    }
}

/// A materialized view: its query, the indexes over its rows, and privileges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterializedView {
    pub name: QualifiedName,
    pub owner: String,
    pub comment: String,
    pub columns: Vec<ViewColumn>,
    pub definition: String,
    /// As for [`View::canonical`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    pub indexes: Vec<Index>,
    pub grants: Vec<Grant>,
    /// Storage parameters, as `name=value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl MaterializedView {
    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.name == name)
    }

    pub fn canonicalize(&mut self) {
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        canonicalize_grants(&mut self.grants);
        for column in &mut self.columns {
            canonicalize_grants(&mut column.grants);
        }
        self.options.sort();
    }
}

/// A sequence that is not an identity column's own (those belong to their column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub name: QualifiedName,
    pub owner: String,
    pub comment: String,
    pub data_type: SqlType,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
    /// `OWNED BY table.column` (a `serial` column's sequence).
    pub owned_by: Option<(QualifiedName, String)>,
    pub grants: Vec<Grant>,
}
