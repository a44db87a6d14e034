//! The attributes a change can be about, with the words a report uses.

use serde::{Serialize, Serializer};
use std::fmt;

/// One attribute of an object. Serialized as its snake_case name (`privileges`
/// for [`Attribute::Privileges`], whose grantee a report shows beside it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attribute {
    Owner,
    Comment,
    /// The privileges of one grantee (`PUBLIC` included).
    Privileges { grantee: String },
    // Tables.
    RowLevelSecurity,
    ForceRowLevelSecurity,
    ReplicaIdentity,
    Publications,
    StorageParameters,
    // Columns.
    Type,
    Nullable,
    Default,
    Identity,
    Generated,
    Collation,
    Position,
    // Constraints, views and materialized views.
    Definition,
    Deferrable,
    Validated,
    // Indexes.
    Method,
    Unique,
    Keys,
    Include,
    Predicate,
    NullsNotDistinct,
    Valid,
    // Policies.
    Command,
    Permissive,
    Roles,
    Using,
    WithCheck,
    // Triggers.
    Timing,
    Events,
    Level,
    UpdateOf,
    When,
    Function,
    Arguments,
    Enabled,
    // Views.
    Options,
    // Functions.
    Returns,
    Language,
    Volatility,
    Strict,
    Leakproof,
    Parallel,
    Security,
    Config,
    Cost,
    Rows,
    Body,
    ArgumentNames,
    ArgumentDefaults,
    // Sequences.
    Start,
    Increment,
    MinValue,
    MaxValue,
    Cache,
    Cycle,
    OwnedBy,
    // Extensions, enum types and pg_cron jobs.
    Schema,
    Values,
    Schedule,
    JobCommand,
    Active,
}

impl Attribute {
    /// The stable name JSON reports use.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Comment => "comment",
            Self::Privileges { .. } => "privileges",
            Self::RowLevelSecurity => "row_level_security",
            Self::ForceRowLevelSecurity => "force_row_level_security",
            Self::ReplicaIdentity => "replica_identity",
            Self::Publications => "publications",
            Self::StorageParameters => "storage_parameters",
            Self::Type => "type",
            Self::Nullable => "nullable",
            Self::Default => "default",
            Self::Identity => "identity",
            Self::Generated => "generated",
            Self::Collation => "collation",
            Self::Position => "position",
            Self::Definition => "definition",
            Self::Deferrable => "deferrable",
            Self::Validated => "validated",
            Self::Method => "method",
            Self::Unique => "unique",
            Self::Keys => "keys",
            Self::Include => "include",
            Self::Predicate => "predicate",
            Self::NullsNotDistinct => "nulls_not_distinct",
            Self::Valid => "valid",
            Self::Command => "command",
            Self::Permissive => "permissive",
            Self::Roles => "roles",
            Self::Using => "using",
            Self::WithCheck => "with_check",
            Self::Timing => "timing",
            Self::Events => "events",
            Self::Level => "level",
            Self::UpdateOf => "update_of",
            Self::When => "when",
            Self::Function => "function",
            Self::Arguments => "arguments",
            Self::Enabled => "enabled",
            Self::Options => "options",
            Self::Returns => "returns",
            Self::Language => "language",
            Self::Volatility => "volatility",
            Self::Strict => "strict",
            Self::Leakproof => "leakproof",
            Self::Parallel => "parallel",
            Self::Security => "security",
            Self::Config => "config",
            Self::Cost => "cost",
            Self::Rows => "rows",
            Self::Body => "body",
            Self::ArgumentNames => "argument_names",
            Self::ArgumentDefaults => "argument_defaults",
            Self::Start => "start",
            Self::Increment => "increment",
            Self::MinValue => "min_value",
            Self::MaxValue => "max_value",
            Self::Cache => "cache",
            Self::Cycle => "cycle",
            Self::OwnedBy => "owned_by",
            Self::Schema => "schema",
            Self::Values => "values",
            Self::Schedule => "schedule",
            Self::JobCommand => "job_command",
            Self::Active => "active",
        }
    }

    /// The grantee of a privileges attribute.
    pub fn grantee(&self) -> Option<&str> {
        match self {
            Self::Privileges { grantee } => Some(grantee),
            _ => None,
        }
    }
}

impl fmt::Display for Attribute {
    /// The words a report uses: `privileges of anon`, `key columns`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = match self {
            Self::Privileges { grantee } => return write!(f, "privileges of {grantee}"),
            Self::RowLevelSecurity => "row level security",
            Self::ForceRowLevelSecurity => "forced row level security",
            Self::ReplicaIdentity => "replica identity",
            Self::StorageParameters => "storage parameters",
            Self::Nullable => "nullability",
            Self::Generated => "generation expression",
            Self::Deferrable => "deferrability",
            Self::Validated => "validation",
            Self::Unique => "uniqueness",
            Self::Keys => "key columns",
            Self::Include => "INCLUDE columns",
            Self::NullsNotDistinct => "NULLS NOT DISTINCT",
            Self::Valid => "validity",
            Self::Permissive => "kind",
            Self::Using => "USING",
            Self::WithCheck => "WITH CHECK",
            Self::UpdateOf => "UPDATE OF columns",
            Self::When => "WHEN condition",
            Self::Enabled => "enabled state",
            Self::Returns => "return type",
            Self::Strict => "strictness",
            Self::Parallel => "parallel safety",
            Self::Config => "SET configuration",
            Self::ArgumentNames => "argument names",
            Self::ArgumentDefaults => "argument defaults",
            Self::MinValue => "minimum value",
            Self::MaxValue => "maximum value",
            Self::OwnedBy => "owned by",
            Self::JobCommand => "command",
            other => return f.write_str(other.name()),
        };
        f.write_str(words)
    }
}

impl Serialize for Attribute {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}
