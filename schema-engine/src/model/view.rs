//! Views: a query with typed output columns and explicit privileges.

use super::{Grant, QualifiedName, SqlType};
use serde::{Deserialize, Serialize};

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
    /// tables the view reads, not the view owner's.
    pub security_invoker: bool,
    pub grants: Vec<Grant>,
}

/// One output column of a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewColumn {
    pub name: String,
    pub data_type: SqlType,
    pub comment: String,
}

impl View {
    pub fn canonicalize(&mut self) {
        self.grants.retain(|g| !g.privileges.is_empty());
        for grant in &mut self.grants {
            grant.privileges.sort();
            grant.privileges.dedup();
        }
        self.grants.sort_by(|a, b| a.role.cmp(&b.role));
    }
}
