//! PostgreSQL enum types: a fixed, ordered set of labels stored as a type of
//! its own (`CREATE TYPE … AS ENUM`), the alternative to a text column with a
//! CHECK of its values (a text enum).

use super::QualifiedName;
use serde::{Deserialize, Serialize};

/// An enum type as declared (`#[derive(PgEnum)]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QualifiedName,
    /// What the type is for (the enum's doc comment, `COMMENT ON TYPE`).
    pub comment: String,
    /// The labels in their sort order (declaration order).
    pub values: Vec<String>,
}

impl EnumType {
    /// How columns and arguments of this type spell it: always
    /// schema-qualified, so DDL never depends on the `search_path`.
    pub fn sql_type(&self) -> super::SqlType {
        super::SqlType::named(&self.name)
    }
}
