//! Tables, their columns and their constraints.
//!
//! These leaf types serve both the declarations and the [catalog](crate::catalog):
//! every attribute PostgreSQL keeps is a field here, with the value a plain
//! declaration implies as its default (a trigger is enabled, an index key uses
//! its type's default operator class), so a catalog read back from a database
//! compares attribute by attribute with the declared one.

use super::{Grant, Index, Policy, QualifiedName, RowLevelSecurity, ReplicaIdentity, SqlType, Trigger};
use serde::{Deserialize, Serialize};

/// A table with everything that belongs to it, as declared.
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
    /// Which row versions logical decoding sends (`REPLICA IDENTITY`).
    #[serde(default, skip_serializing_if = "ReplicaIdentity::is_default")]
    pub replica_identity: ReplicaIdentity,
    /// Publications the table is a member of (e.g. Supabase's `supabase_realtime`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publications: Vec<String>,
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
        sort_constraints(&mut self.constraints);
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        self.policies.sort_by(|a, b| a.name.cmp(&b.name));
        for policy in &mut self.policies {
            canonicalize_policy_roles(&mut policy.roles);
        }
        canonicalize_grants(&mut self.grants);
        for column in &mut self.columns {
            canonicalize_grants(&mut column.grants);
        }
        self.triggers.sort_by(|a, b| a.name.cmp(&b.name));
        self.publications.sort();
        self.publications.dedup();
    }
}

/// Keys first, then references, then checks (as people write them).
pub fn sort_constraints(constraints: &mut [Constraint]) {
    constraints.sort_by(|a, b| (a.kind.rank(), &a.name).cmp(&(b.kind.rank(), &b.name)));
}

/// Sorts a policy's roles, spelling every role `public` as the catalog does
/// (`pg_policy` stores it as role 0, which reads back as `public`).
pub fn canonicalize_policy_roles(roles: &mut Vec<String>) {
    for role in roles.iter_mut() {
        if role.eq_ignore_ascii_case(Grant::PUBLIC) {
            *role = "public".to_owned();
        }
    }
    roles.sort();
    roles.dedup();
}

/// Drops empty grants, sorts and dedups privileges, sorts by grantee (`PUBLIC`
/// in capitals, as ACLs read back).
pub fn canonicalize_grants(grants: &mut Vec<Grant>) {
    grants.retain(|g| !g.privileges.is_empty());
    for grant in grants.iter_mut() {
        if grant.role.eq_ignore_ascii_case(Grant::PUBLIC) {
            grant.role = Grant::PUBLIC.to_owned();
        }
        grant.privileges.sort();
        grant.privileges.dedup();
        grant.grantable.sort();
        grant.grantable.dedup();
    }
    grants.sort_by(|a, b| a.role.cmp(&b.role));
}

/// One column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub data_type: SqlType,
    pub nullable: bool,
    /// The default as an SQL expression.
    pub default: Option<String>,
    /// The column's description (the field's doc comment).
    pub comment: String,
    /// `GENERATED … AS IDENTITY`: values from an owned sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (expression) STORED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// A collation other than the type's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// Column-level privileges (`GRANT SELECT (column) …`); none are declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

/// How an identity column takes its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`: an explicit value needs `OVERRIDING SYSTEM VALUE`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`: an explicit value wins.
    ByDefault,
}

impl Identity {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Always => "ALWAYS",
            Self::ByDefault => "BY DEFAULT",
        }
    }
}

/// A named table constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    /// `DEFERRABLE` (keys and foreign keys only).
    #[serde(default, skip_serializing_if = "Deferral::is_default")]
    pub deferral: Deferral,
    /// Whether existing rows were checked (`NOT VALID` leaves it false until
    /// `VALIDATE CONSTRAINT`). Declared constraints are always validated.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub validated: bool,
    /// The constraint's comment (`COMMENT ON CONSTRAINT`); none are declared.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

impl Constraint {
    /// A validated, not deferrable constraint without comment.
    pub fn new(name: impl Into<String>, kind: ConstraintKind) -> Self {
        Self { name: name.into(), kind, deferral: Deferral::default(), validated: true, comment: String::new() }
    }
}

pub(super) fn yes() -> bool {
    true
}

pub(super) fn is_true(value: &bool) -> bool {
    *value
}

/// When a deferrable constraint is checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferral {
    /// `NOT DEFERRABLE`: checked after every statement.
    #[default]
    NotDeferrable,
    /// `DEFERRABLE INITIALLY IMMEDIATE`.
    Immediate,
    /// `DEFERRABLE INITIALLY DEFERRED`: checked at commit.
    Deferred,
}

impl Deferral {
    pub fn is_default(&self) -> bool {
        *self == Self::NotDeferrable
    }

    pub fn sql(self) -> &'static str {
        match self {
            Self::NotDeferrable => "NOT DEFERRABLE",
            Self::Immediate => "DEFERRABLE INITIALLY IMMEDIATE",
            Self::Deferred => "DEFERRABLE INITIALLY DEFERRED",
        }
    }
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
        #[serde(default, skip_serializing_if = "ReferentialAction::is_default")]
        on_update: ReferentialAction,
        /// `MATCH FULL` instead of the default `MATCH SIMPLE`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        match_full: bool,
    },
    /// A constraint the model has no words for (an exclusion constraint), as
    /// `pg_get_constraintdef` prints it: read back so drift can name it.
    Other { definition: String },
}

impl ConstraintKind {
    /// Sort rank: keys first, then references, then checks (as people write them).
    fn rank(&self) -> u8 {
        match self {
            Self::PrimaryKey { .. } => 0,
            Self::Unique { .. } => 1,
            Self::ForeignKey { .. } => 2,
            Self::AllowedValues { .. } | Self::Check { .. } | Self::Other { .. } => 3,
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
            Self::Check { .. } | Self::Other { .. } => Vec::new(),
        }
    }

    /// Whether adding it builds a unique index (primary keys and UNIQUE).
    pub fn is_key(&self) -> bool {
        matches!(self, Self::PrimaryKey { .. } | Self::Unique { .. })
    }

    /// CHECKs and foreign keys can be added `NOT VALID` and validated later.
    pub fn can_validate_later(&self) -> bool {
        matches!(self, Self::Check { .. } | Self::AllowedValues { .. } | Self::ForeignKey { .. })
    }
}

/// What happens to referencing rows when the referenced row is deleted or updated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn is_default(&self) -> bool {
        *self == Self::NoAction
    }

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
