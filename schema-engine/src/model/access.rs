//! Who may do what: row level security, policies, grants and privileges, and
//! the replica identity logical decoding sees.

use serde::{Deserialize, Serialize};

/// Row level security switches of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowLevelSecurity {
    pub enabled: bool,
    /// Also applies the policies to the table's owner.
    pub forced: bool,
    /// Why a table in an exposed schema has no RLS or no policy, when it
    /// deliberately opts out. Validation refuses such a table without a reason.
    pub opt_out_reason: Option<String>,
}

/// `REPLICA IDENTITY`: which old-row columns logical decoding sends on UPDATE
/// and DELETE.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum ReplicaIdentity {
    /// The primary key.
    #[default]
    Default,
    /// Every column (Supabase Realtime needs it to send old rows).
    Full,
    Nothing,
    /// The columns of this unique index.
    Index(String),
}

impl ReplicaIdentity {
    pub fn is_default(&self) -> bool {
        *self == Self::Default
    }
}

/// A row level security policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    #[default]
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

/// Privileges of one grantee on one object. The grantee `PUBLIC` stands for
/// every role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: String,
    pub privileges: Vec<Privilege>,
    /// The privileges held `WITH GRANT OPTION`; none are declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grantable: Vec<Privilege>,
}

impl Grant {
    /// The grantee that stands for every role.
    pub const PUBLIC: &'static str = "PUBLIC";

    pub fn new(role: impl Into<String>, privileges: Vec<Privilege>) -> Self {
        Self { role: role.into(), privileges, grantable: Vec::new() }
    }
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
    /// Schemas, sequences and types.
    Usage,
    /// Schemas.
    Create,
    /// Functions.
    Execute,
}

impl Privilege {
    /// Every privilege a table or view can carry.
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
            Self::Usage => "USAGE",
            Self::Create => "CREATE",
            Self::Execute => "EXECUTE",
        }
    }

    /// The privilege `aclexplode` names, if the model knows it (MAINTAIN, from
    /// PostgreSQL 17, is not).
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Select,
            Self::Insert,
            Self::Update,
            Self::Delete,
            Self::Truncate,
            Self::References,
            Self::Trigger,
            Self::Usage,
            Self::Create,
            Self::Execute,
        ]
        .into_iter()
        .find(|p| p.sql() == name)
    }
}

/// Privileges on a schema that the project grants (USAGE, CREATE).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaGrant {
    pub schema: String,
    pub grant: Grant,
}

impl SchemaGrant {
    /// `GRANT USAGE ON SCHEMA schema TO role`.
    pub fn usage(schema: impl Into<String>, role: impl Into<String>) -> Self {
        Self { schema: schema.into(), grant: Grant::new(role, vec![Privilege::Usage]) }
    }
}
