//! Indexes: method, keys with their order, operator class and collation,
//! INCLUDE columns, predicate and storage parameters.

use super::table::{is_true, yes};
use serde::{Deserialize, Serialize};

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
    /// `NULLS NOT DISTINCT` (a unique index then allows one NULL only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// Storage parameters (`WITH (fillfactor = 90)`), as `name=value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The index's comment.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// False for the leftover of a failed `CREATE INDEX CONCURRENTLY`, which
    /// queries do not use. Declared indexes are valid.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub valid: bool,
}

impl Default for Index {
    /// A valid, non-unique btree index with nothing declared yet.
    fn default() -> Self {
        Self {
            name: String::new(),
            method: IndexMethod::Btree,
            unique: false,
            columns: Vec::new(),
            include: Vec::new(),
            predicate: None,
            nulls_not_distinct: false,
            options: Vec::new(),
            comment: String::new(),
            valid: true,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexMethod {
    #[default]
    Btree,
    Gin,
    Gist,
    Brin,
    Hash,
    Spgist,
}

impl IndexMethod {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Btree => "btree",
            Self::Gin => "gin",
            Self::Gist => "gist",
            Self::Brin => "brin",
            Self::Hash => "hash",
            Self::Spgist => "spgist",
        }
    }

    /// The method `pg_am.amname` names, if the model knows it.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Btree, Self::Gin, Self::Gist, Self::Brin, Self::Hash, Self::Spgist].into_iter().find(|m| m.sql() == name)
    }
}

/// One key of an index: a column (or an expression), its order, operator class
/// and collation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexColumn {
    /// A column name, or an expression in parentheses.
    pub column: String,
    pub descending: bool,
    /// `NULLS FIRST` / `NULLS LAST`; `None` is the default for the order
    /// (NULLS LAST ascending, NULLS FIRST descending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls_first: Option<bool>,
    /// An operator class other than the type's default (`text_pattern_ops`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    /// A collation other than the column's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

impl IndexColumn {
    /// A key in ascending or descending order, with every default.
    pub fn new(column: impl Into<String>, descending: bool) -> Self {
        Self { column: column.into(), descending, ..Self::default() }
    }

    /// Whether NULLs sort first, with the default resolved.
    pub fn nulls_sort_first(&self) -> bool {
        self.nulls_first.unwrap_or(self.descending)
    }
}
