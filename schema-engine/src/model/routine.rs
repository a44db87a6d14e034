//! Functions (routines) of the schema.

use super::{ProvidedTableTrigger, QualifiedName, SqlType};
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
    /// A pg_cron job that calls it, where pg_cron is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Triggers calling it on tables the platform provides (a trigger on one of
    /// the project's own tables is declared on that table).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<ProvidedTableTrigger>,
}

/// A recurring call of a function through pg_cron.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The cron job's name (scheduling again under this name replaces the job).
    pub job_name: String,
    /// A cron expression in UTC, e.g. `0 2 * * *` for 02:00 daily.
    pub cron: String,
}

impl Function {
    pub fn canonicalize(&mut self) {
        self.execute_roles.sort();
        self.execute_roles.dedup();
        self.triggers.sort_by(|a, b| (&a.table, &a.trigger.name).cmp(&(&b.table, &b.trigger.name)));
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionArgument {
    pub name: String,
    pub data_type: SqlType,
    /// IN (the default), OUT, INOUT or VARIADIC.
    #[serde(default, skip_serializing_if = "ArgumentMode::is_default")]
    pub mode: ArgumentMode,
    /// The argument's default expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl FunctionArgument {
    /// An IN argument without default.
    pub fn new(name: impl Into<String>, data_type: SqlType) -> Self {
        Self { name: name.into(), data_type, mode: ArgumentMode::In, default: None }
    }
}

/// How an argument passes its value (`pg_proc.proargmodes`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgumentMode {
    #[default]
    In,
    Out,
    InOut,
    Variadic,
}

impl ArgumentMode {
    pub fn is_default(&self) -> bool {
        *self == Self::In
    }

    /// Whether the argument is part of the function's identity (what DROP and
    /// GRANT name it by).
    pub fn is_input(self) -> bool {
        !matches!(self, Self::Out)
    }

    pub fn sql(self) -> &'static str {
        match self {
            Self::In => "IN",
            Self::Out => "OUT",
            Self::InOut => "INOUT",
            Self::Variadic => "VARIADIC",
        }
    }
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

impl FunctionReturn {
    /// Parses `trigger`, `TABLE (name type, …)` or a type name.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.eq_ignore_ascii_case("trigger") {
            return Ok(Self::Trigger);
        }
        let is_table = trimmed.len() > 5 && trimmed[..5].eq_ignore_ascii_case("table");
        if !is_table {
            return Ok(Self::Scalar { data_type: SqlType::new(trimmed) });
        }
        let inner = trimmed[5..]
            .trim()
            .strip_prefix('(')
            .and_then(|rest| rest.strip_suffix(')'))
            .ok_or_else(|| format!("expected `TABLE (name type, ...)`, found `{trimmed}`"))?;
        let columns = split_top_level(inner)
            .into_iter()
            .map(|column| {
                let (name, data_type) = column
                    .trim()
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| format!("expected `name type` in `{}`", column.trim()))?;
                Ok(FunctionArgument::new(name, SqlType::new(data_type)))
            })
            .collect::<Result<Vec<_>, String>>()?;
        if columns.is_empty() {
            return Err("a TABLE result needs at least one column".to_owned());
        }
        Ok(Self::Table { columns })
    }
}

/// Splits on commas that are not inside parentheses (`numeric(10, 2)`).
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(&text[start..]);
    }
    parts
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
