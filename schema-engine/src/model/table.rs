//! Tables and what hangs off them: columns, constraints, indexes, row level
//! security, policies, grants and triggers.

use super::{QualifiedName, SqlType};
use serde::{Deserialize, Serialize};

/// A table with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualifiedName,
    /// The table's purpose (the struct's doc comment).
    pub comment: String,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub rls: RowLevelSecurity,
    pub policies: Vec<Policy>,
    /// Privileges of the API roles on this table; roles not listed get none.
    pub grants: Vec<Grant>,
    pub triggers: Vec<Trigger>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The primary key's columns, if the table has one.
    pub fn primary_key(&self) -> Option<&[String]> {
        self.constraints.iter().find_map(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } => Some(columns.as_slice()),
            _ => None,
        })
    }

    /// Sorts everything whose order carries no meaning. Column order is kept:
    /// it is the table's physical order.
    pub fn canonicalize(&mut self) {
        self.constraints.sort_by(|a, b| (a.kind.rank(), &a.name).cmp(&(b.kind.rank(), &b.name)));
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        self.policies.sort_by(|a, b| a.name.cmp(&b.name));
        for policy in &mut self.policies {
            policy.roles.sort();
        }
        self.grants.retain(|g| !g.privileges.is_empty());
        for grant in &mut self.grants {
            grant.privileges.sort();
            grant.privileges.dedup();
        }
        self.grants.sort_by(|a, b| a.role.cmp(&b.role));
        self.triggers.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub data_type: SqlType,
    pub nullable: bool,
    /// The default as an SQL expression.
    pub default: Option<String>,
    /// The column's description (the field's doc comment).
    pub comment: String,
}

/// A named table constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConstraintKind {
    PrimaryKey { columns: Vec<String> },
    Unique { columns: Vec<String> },
    /// A CHECK with an arbitrary boolean SQL expression.
    Check { expression: String },
    /// A CHECK that a text column holds one of a fixed set of values (from a text enum).
    AllowedValues { column: String, values: Vec<String> },
    ForeignKey {
        columns: Vec<String>,
        references: QualifiedName,
        referenced_columns: Vec<String>,
        on_delete: ReferentialAction,
    },
}

impl ConstraintKind {
    /// Sort rank: keys first, then references, then checks (as people write them).
    fn rank(&self) -> u8 {
        match self {
            Self::PrimaryKey { .. } => 0,
            Self::Unique { .. } => 1,
            Self::ForeignKey { .. } => 2,
            Self::AllowedValues { .. } | Self::Check { .. } => 3,
        }
    }

    /// The columns the constraint is about, for the dictionary and validation.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            Self::PrimaryKey { columns } | Self::Unique { columns } => {
                columns.iter().map(String::as_str).collect()
            }
            Self::ForeignKey { columns, .. } => columns.iter().map(String::as_str).collect(),
            Self::AllowedValues { column, .. } => vec![column.as_str()],
            Self::Check { .. } => Vec::new(),
        }
    }
}

/// What happens to referencing rows when the referenced row is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn sql(self) -> &'static str {
        match self {
            Self::NoAction => "NO ACTION",
            Self::Restrict => "RESTRICT",
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
            Self::SetDefault => "SET DEFAULT",
        }
    }
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub method: IndexMethod,
    pub unique: bool,
    pub columns: Vec<IndexColumn>,
    /// Non-key columns carried in the index (`INCLUDE`), for index-only scans.
    pub include: Vec<String>,
    /// The WHERE predicate of a partial index.
    pub predicate: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexMethod {
    Btree,
    Gin,
    Gist,
    Brin,
    Hash,
}

impl IndexMethod {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Btree => "btree",
            Self::Gin => "gin",
            Self::Gist => "gist",
            Self::Brin => "brin",
            Self::Hash => "hash",
        }
    }
}

/// One key column of an index with its sort order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexColumn {
    pub column: String,
    pub descending: bool,
}

/// Row level security switches of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowLevelSecurity {
    pub enabled: bool,
    /// Also applies the policies to the table's owner.
    pub forced: bool,
    /// Why a table in an exposed schema has no RLS or no policy, when it
    /// deliberately opts out. Validation refuses such a table without a reason.
    pub opt_out_reason: Option<String>,
}

/// A row level security policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: String,
    pub command: PolicyCommand,
    pub permissive: bool,
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    /// What the policy is for, shown in the dictionary.
    pub comment: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    pub fn sql(self) -> &'static str {
        match self {
            Self::All => "ALL",
            Self::Select => "SELECT",
            Self::Insert => "INSERT",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
        }
    }
}

/// Privileges of one role on one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: String,
    pub privileges: Vec<Privilege>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    Select,
    Insert,
    Update,
    Delete,
    Truncate,
    References,
    Trigger,
}

impl Privilege {
    pub const ALL: [Privilege; 7] = [
        Self::Select,
        Self::Insert,
        Self::Update,
        Self::Delete,
        Self::Truncate,
        Self::References,
        Self::Trigger,
    ];

    pub fn sql(self) -> &'static str {
        match self {
            Self::Select => "SELECT",
            Self::Insert => "INSERT",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
            Self::Truncate => "TRUNCATE",
            Self::References => "REFERENCES",
            Self::Trigger => "TRIGGER",
        }
    }
}

/// A row-level BEFORE/AFTER trigger calling a function of the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub timing: TriggerTiming,
    pub events: Vec<TriggerEvent>,
    pub function: QualifiedName,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    Before,
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    Insert,
    Update,
    Delete,
}

impl TriggerEvent {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Insert => "INSERT",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
        }
    }
}
