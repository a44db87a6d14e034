//! Functions of the catalog, with every attribute `pg_proc` keeps.

use crate::model::{canonicalize_grants, FunctionArgument, FunctionReturn, Grant, QualifiedName, Volatility};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A function as PostgreSQL holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub name: QualifiedName,
    pub owner: String,
    pub comment: String,
    pub arguments: Vec<FunctionArgument>,
    pub returns: FunctionReturn,
    pub language: String,
    pub volatility: Volatility,
    /// `STRICT`: returns NULL on any NULL argument without running.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// `LEAKPROOF`: the planner may push it below row level security.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub leakproof: bool,
    pub parallel: Parallel,
    pub security_definer: bool,
    /// `SET name = value` clauses (the pinned `search_path` among them), by name.
    pub config: Vec<(String, String)>,
    /// Estimated cost per call, in `cpu_operator_cost` units.
    pub cost: u32,
    /// Estimated rows of a set-returning function (0 for others).
    pub rows: u32,
    pub body: String,
    /// EXECUTE by grantee; `PUBLIC` holds it unless revoked.
    pub grants: Vec<Grant>,
}

/// Whether a function may run in parallel workers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallel {
    #[default]
    Unsafe,
    Restricted,
    Safe,
}

impl Parallel {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Unsafe => "PARALLEL UNSAFE",
            Self::Restricted => "PARALLEL RESTRICTED",
            Self::Safe => "PARALLEL SAFE",
        }
    }
}

/// A function's identity: its name and input argument types, as DROP, GRANT
/// and COMMENT name it. Two functions with one name are overloads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FunctionId {
    pub name: QualifiedName,
    /// Input argument types, as `format_type` spells them.
    pub arguments: Vec<String>,
}

impl fmt::Display for FunctionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name, self.arguments.join(", "))
    }
}

impl Function {
    /// PostgreSQL's defaults for a function the declarations leave unsaid.
    pub const DEFAULT_COST: u32 = 100;
    pub const DEFAULT_SET_ROWS: u32 = 1000;

    pub fn id(&self) -> FunctionId {
        FunctionId {
            name: self.name.clone(),
            arguments: self
                .arguments
                .iter()
                .filter(|a| a.mode.is_input())
                .map(|a| a.data_type.as_str().to_owned())
                .collect(),
        }
    }

    /// The pinned `search_path`, if any (`""` pins it empty).
    pub fn search_path(&self) -> Option<&str> {
        self.config.iter().find(|(name, _)| name == "search_path").map(|(_, value)| value.as_str())
    }

    /// Whether the function returns a set (`SETOF` or `TABLE`).
    pub fn returns_set(&self) -> bool {
        match &self.returns {
            FunctionReturn::Table { .. } => true,
            FunctionReturn::Scalar { data_type } => data_type.as_str().starts_with("setof "),
            FunctionReturn::Trigger => false,
        }
    }

    pub fn canonicalize(&mut self) {
        canonicalize_grants(&mut self.grants);
        self.config.sort();
    }
}
