//! Rows built from the model: for any table, an INSERT with a value for every
//! column that needs one, so tests cover every table without hand-written rows.

use schema_engine::model::{Column, Constraint, ConstraintKind, QualifiedName};
use schema_engine::sql::quote::{ident, literal, qualified};

/// A table as declared or as a catalog holds it: what a generated row needs.
pub trait TableShape {
    fn name(&self) -> &QualifiedName;
    fn columns(&self) -> &[Column];
    fn constraints(&self) -> &[Constraint];
}

impl TableShape for schema_engine::model::Table {
    fn name(&self) -> &QualifiedName {
        &self.name
    }
    fn columns(&self) -> &[Column] {
        &self.columns
    }
    fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }
}

impl TableShape for schema_engine::catalog::Table {
    fn name(&self) -> &QualifiedName {
        &self.name
    }
    fn columns(&self) -> &[Column] {
        &self.columns
    }
    fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }
}

/// A value for `column` in the `n`th generated row: distinct per `n` for the
/// types that carry unique keys, valid for the declared CHECKs.
pub fn value_for(table: &impl TableShape, column: &Column, n: i64) -> String {
    let allowed = table.constraints().iter().find_map(|c| match &c.kind {
        ConstraintKind::AllowedValues { column: c, values } if *c == column.name => values.first(),
        _ => None,
    });
    if let Some(value) = allowed {
        return literal(value);
    }
    let data_type = column.data_type.as_str();
    if data_type.ends_with("[]") {
        return format!("'{{}}'::{data_type}");
    }
    if data_type.contains('.') {
        // A type of the project's (an enum type): its first label.
        return format!(
            "(SELECT e.enumlabel FROM pg_catalog.pg_enum AS e WHERE e.enumtypid = {}::regtype ORDER BY e.enumsortorder LIMIT 1)::{data_type}",
            literal(data_type)
        );
    }
    match data_type {
        "uuid" => "gen_random_uuid()".to_owned(),
        "smallint" | "integer" | "bigint" => n.to_string(),
        "numeric" => "0.5".to_owned(),
        "boolean" => "false".to_owned(),
        "date" => format!("date '2025-01-01' + {n}"),
        "timestamp with time zone" => "now()".to_owned(),
        "jsonb" => "'{}'::jsonb".to_owned(),
        _ => literal(&format!("{} {n}", column.name)),
    }
}

/// The columns [`insert_row`] gives a value: NOT NULL without a default.
fn inserted(column: &Column) -> bool {
    !column.nullable && column.default.is_none() && column.identity.is_none()
}

/// `INSERT INTO table (...) VALUES (...)` for the `n`th generated row: every NOT
/// NULL column without a default gets a value, the rest keep their defaults.
pub fn insert_row(table: &impl TableShape, n: i64) -> String {
    let columns: Vec<&Column> = table.columns().iter().filter(|c| inserted(c)).collect();
    let names: Vec<String> = columns.iter().map(|c| ident(&c.name)).collect();
    let values: Vec<String> = columns.iter().map(|c| value_for(table, c, n)).collect();
    format!("INSERT INTO {} ({}) VALUES ({})", qualified(table.name()), names.join(", "), values.join(", "))
}

/// The row [`insert_row`] would insert, as a one-row `SELECT` with every
/// column (defaults evaluated, identities and the rest NULL), so that a
/// policy's WITH CHECK can be judged on the new row before it is inserted.
pub fn candidate_row(table: &impl TableShape, n: i64) -> String {
    let columns: Vec<String> = table
        .columns()
        .iter()
        .map(|c| {
            let value = if inserted(c) {
                value_for(table, c, n)
            } else {
                c.default.clone().map_or_else(|| format!("NULL::{}", c.data_type.as_str()), |d| format!("({d})"))
            };
            format!("{value} AS {}", ident(&c.name))
        })
        .collect();
    format!("SELECT {}", columns.join(", "))
}
