//! Functions (routines) of the schema.

use super::{QualifiedName, SqlType};
use serde::{Deserialize, Serialize};

/// A function with its body and security settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub name: QualifiedName,
    pub comment: String,
    pub arguments: Vec<FunctionArgument>,
    pub returns: FunctionReturn,
    pub language: String,
    pub volatility: Volatility,
    pub security_definer: bool,
    /// The function's pinned `search_path` (`""` pins it empty). Every function
    /// pins one, so a caller's path can never redirect the names it uses.
    pub search_path: Option<String>,
    pub body: String,
    /// Roles allowed to call it; EXECUTE is revoked from everyone else, PUBLIC included.
    pub execute_roles: Vec<String>,
}

impl Function {
    pub fn canonicalize(&mut self) {
        self.execute_roles.sort();
        self.execute_roles.dedup();
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionArgument {
    pub name: String,
    pub data_type: SqlType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FunctionReturn {
    /// `RETURNS trigger`.
    Trigger,
    /// `RETURNS <type>`.
    Scalar { data_type: SqlType },
    /// `RETURNS TABLE (...)`.
    Table { columns: Vec<FunctionArgument> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    Immutable,
    Stable,
    Volatile,
}

impl Volatility {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Immutable => "IMMUTABLE",
            Self::Stable => "STABLE",
            Self::Volatile => "VOLATILE",
        }
    }
}
