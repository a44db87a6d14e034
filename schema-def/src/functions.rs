//! Functions of the schema. Bodies live in `sql/functions/`.

use schema_macros::Function;

/// Keeps `updated_at` current: a BEFORE UPDATE trigger on every table that has the column.
#[derive(Function)]
#[function(name = "set_updated_at", returns = "trigger", language = "plpgsql", search_path = "", body = "sql/functions/set_updated_at.sql")]
pub struct SetUpdatedAt;
