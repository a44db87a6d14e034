//! The declared model: plain, serializable data describing what a project
//! declares.
//!
//! The derive macros build these values and whole-schema validation checks
//! them; [`crate::lower`] then turns them into the [catalog](crate::catalog)
//! that rendering, planning, drift and the dictionary read. The leaf types
//! (columns, constraints, indexes, policies, grants, triggers) are shared with
//! the catalog. They hold Postgres's own spellings (for example
//! `timestamp with time zone`) so that a catalog read back from a database
//! compares equal to the declared one.

mod access;
mod enums;
mod index;
mod platform;
mod routine;
mod table;
mod trigger;
mod view;

pub use access::*;
pub use enums::*;
pub use index::*;
pub use platform::*;
pub use routine::*;
pub use table::*;
pub use trigger::*;
pub use view::*;

use serde::{Deserialize, Serialize};

/// A whole database schema as declared: every table, view and function the
/// project owns. What the platform provides and how it is reached (API roles,
/// exposed schemas, owner, timeouts) is [`Platform`], beside it; what the
/// database must hold is the [catalog](crate::catalog) that
/// [`lower`](crate::lower::lower) derives from both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Functions the hosting platform provides that the schema uses, with a fallback
    /// created only where they are missing (so migrations also apply to plain Postgres).
    pub prerequisites: Vec<Prerequisite>,
    pub tables: Vec<Table>,
    /// Views in declaration order; they are created in dependency order.
    pub views: Vec<View>,
    pub functions: Vec<Function>,
    /// Where cached views keep their rows; required when a view declares a cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<CacheSettings>,
    /// PostgreSQL enum types, in declaration order; columns and arguments use
    /// them through their Rust types (`#[derive(PgEnum)]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    /// Privileges on a schema beyond the platform's own grants, for a role the
    /// platform provides (`GRANT USAGE ON SCHEMA public TO supabase_auth_admin`,
    /// so Auth can call a hook in `public`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema_grants: Vec<SchemaGrant>,
}

/// A function the platform normally provides (Supabase's `auth.jwt()`), with the
/// SQL that defines it where it is missing. On the platform nothing is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prerequisite {
    /// The function's signature as `to_regprocedure` reads it, e.g. `auth.jwt()`.
    pub function: String,
    /// Why the schema needs it.
    pub purpose: String,
    /// Statements that define it (run only when it is missing).
    pub fallback: String,
}

impl Schema {
    /// Looks a table up by schema-qualified name.
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables.iter().find(|t| &t.name == name)
    }

    /// Looks a view up by schema-qualified name.
    pub fn view(&self, name: &QualifiedName) -> Option<&View> {
        self.views.iter().find(|v| &v.name == name)
    }

    /// Looks a function up by schema-qualified name.
    pub fn function(&self, name: &QualifiedName) -> Option<&Function> {
        self.functions.iter().find(|f| &f.name == name)
    }

    /// Looks an enum type up by schema-qualified name.
    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumType> {
        self.enums.iter().find(|e| &e.name == name)
    }

    /// Puts every list whose order carries no meaning in a canonical order.
    /// Tables and functions keep their declaration order (the dictionary follows
    /// it); comparisons match them by name.
    pub fn canonicalize(&mut self) {
        for table in &mut self.tables {
            table.canonicalize();
        }
        for view in &mut self.views {
            view.canonicalize();
        }
        for function in &mut self.functions {
            function.canonicalize();
        }
    }
}

/// A schema-qualified object name, such as `public.sku_performance`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        Self { schema: schema.into(), name: name.into() }
    }

    /// Parses `schema.name`, or a bare `name` in `public`.
    pub fn parse(text: &str) -> Self {
        match text.split_once('.') {
            Some((schema, name)) => Self::new(schema, name),
            None => Self::new("public", text),
        }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// A Postgres data type, spelled as `format_type()` prints it
/// (`integer`, `timestamp with time zone`, `text[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SqlType(String);

impl SqlType {
    /// Canonicalizes common aliases (`int4`, `int`, `timestamptz`, `bool`, …) to the
    /// spelling Postgres's catalog uses, so declared and introspected types compare equal.
    /// Unquoted names are folded to lower case, as PostgreSQL folds them.
    pub fn new(spelling: &str) -> Self {
        let trimmed = spelling.trim();
        let (base, dims) = match trimmed.find("[]") {
            Some(at) => (trimmed[..at].trim(), &trimmed[at..]),
            None => (trimmed, ""),
        };
        let lower = base.to_ascii_lowercase();
        let canonical = match lower.as_str() {
            "int" | "int4" | "integer" => "integer",
            "int2" | "smallint" => "smallint",
            "int8" | "bigint" => "bigint",
            "bool" | "boolean" => "boolean",
            "timestamptz" | "timestamp with time zone" => "timestamp with time zone",
            "timestamp" | "timestamp without time zone" => "timestamp without time zone",
            "float8" | "double precision" => "double precision",
            "float4" | "real" => "real",
            "decimal" | "numeric" => "numeric",
            "varchar" | "character varying" => "character varying",
            // A quoted name (`public."AppRole"`) keeps its case, as PostgreSQL does.
            _ if base.contains('"') => base,
            other => other,
        };
        Self(format!("{canonical}{dims}"))
    }

    /// A type of the schema (an enum type) by name: always schema-qualified,
    /// so DDL never depends on the `search_path`.
    pub fn named(name: &QualifiedName) -> Self {
        Self::new(&format!("{}.{}", crate::quote::ident(&name.schema), crate::quote::ident(&name.name)))
    }

    /// The spelling used in DDL and in the catalog.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The array of this type.
    pub fn array(&self) -> Self {
        Self(format!("{}[]", self.0))
    }

    /// The short spelling the data dictionary uses (`int`, `timestamptz`, `int[]`).
    pub fn short_name(&self) -> String {
        self.0
            .replace("timestamp with time zone", "timestamptz")
            .replace("integer", "int")
            .replace("character varying", "varchar")
    }
}

impl std::fmt::Display for SqlType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
