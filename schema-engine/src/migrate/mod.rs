//! Planning the next migration: the steps that turn the schema as of the last
//! migration (`generated/schema.json`) into the declared one.
//!
//! The plan works on two models only — no database — so it takes milliseconds.
//! Every step is classified (safe, heavy lock, table rewrite, destructive), and a
//! step that can lose data is refused unless the declarations consent to it. The
//! rollback is planned the same way, from the new model back to the old one.

mod routines;
mod step;
mod tables;
mod views;

pub use step::{Safety, Step};

use crate::model::{QualifiedName, Schema};
use std::fmt;

/// What the declarations say about a change that two models alone cannot tell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationHints {
    /// `(new name, old name)`: a table renamed (`#[table(renamed_from = "...")]`).
    pub renamed_tables: Vec<(QualifiedName, QualifiedName)>,
    /// `(table, new column, old column)`: a column renamed (`#[column(renamed_from = "...")]`).
    pub renamed_columns: Vec<(QualifiedName, String, String)>,
    /// Objects whose data may be lost: `schema.table` (drop the table) or
    /// `schema.table.column` (drop, narrow, or remove allowed values of the column).
    pub allow_data_loss: Vec<String>,
}

impl MigrationHints {
    /// The hints for planning the way back (renames reversed, every loss allowed:
    /// a rollback may have to drop what the migration added).
    fn reversed(&self, old: &Schema) -> Self {
        Self {
            renamed_tables: self.renamed_tables.iter().map(|(new, old)| (old.clone(), new.clone())).collect(),
            renamed_columns: self
                .renamed_columns
                .iter()
                .map(|(table, new, previous)| {
                    let old_table = self
                        .renamed_tables
                        .iter()
                        .find(|(n, _)| n == table)
                        .map(|(_, o)| o.clone())
                        .unwrap_or_else(|| table.clone());
                    (old_table, previous.clone(), new.clone())
                })
                .collect(),
            allow_data_loss: old
                .tables
                .iter()
                .flat_map(|t| {
                    std::iter::once(t.name.to_string()).chain(t.columns.iter().map(move |c| format!("{}.{}", t.name, c.name)))
                })
                .collect(),
        }
    }
}

/// A change the planner refuses, naming the object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub object: String,
    pub message: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.message)
    }
}

/// The steps of one migration, in the order they run.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Plans the migration from `old` to `new`, and its rollback.
pub fn plan(old: &Schema, new: &Schema, hints: &MigrationHints) -> Result<(Plan, Plan), Vec<PlanError>> {
    let forward = plan_one_way(old, new, hints)?;
    let backward = plan_one_way(new, old, &hints.reversed(new)).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| PlanError { object: e.object, message: format!("cannot plan the rollback: {}", e.message) })
            .collect::<Vec<_>>()
    })?;
    Ok((forward, backward))
}

/// The phases a migration runs in; steps are collected per phase, then joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    /// Views and triggers that are replaced or removed go first: they block table changes.
    DropDependents,
    Renames,
    CreateTables,
    AlterTables,
    DropData,
    Functions,
    Views,
    Security,
    Metadata,
}

#[derive(Default)]
struct Planner {
    steps: Vec<(Phase, Step)>,
    errors: Vec<PlanError>,
}

impl Planner {
    fn push(&mut self, phase: Phase, step: Step) {
        self.steps.push((phase, step));
    }

    fn refuse(&mut self, object: impl Into<String>, message: impl Into<String>) {
        self.errors.push(PlanError { object: object.into(), message: message.into() });
    }
}

fn plan_one_way(old: &Schema, new: &Schema, hints: &MigrationHints) -> Result<Plan, Vec<PlanError>> {
    let mut planner = Planner::default();
    check_hints(old, new, hints, &mut planner);
    let retyped = tables::plan(&mut planner, old, new, hints);
    views::plan(&mut planner, old, new, &retyped);
    routines::plan(&mut planner, old, new);
    if !planner.errors.is_empty() {
        return Err(planner.errors);
    }
    // A stable sort keeps each phase's steps in the order they were planned.
    planner.steps.sort_by_key(|(phase, _)| *phase);
    Ok(Plan { steps: planner.steps.into_iter().map(|(_, step)| step).collect() })
}

/// A hint that names something the old schema does not have was not used:
/// that is an error, never silently ignored.
fn check_hints(old: &Schema, new: &Schema, hints: &MigrationHints, planner: &mut Planner) {
    for (new_name, old_name) in &hints.renamed_tables {
        if old.table(old_name).is_none() {
            planner.refuse(
                format!("table {new_name}"),
                format!("is declared renamed from {old_name}, which is not in the snapshot; remove the `renamed_from` hint"),
            );
        }
    }
    for (table, new_column, old_column) in &hints.renamed_columns {
        let old_table_name = hints.renamed_tables.iter().find(|(n, _)| n == table).map(|(_, o)| o).unwrap_or(table);
        let present = old.table(old_table_name).is_some_and(|t| t.column(old_column).is_some());
        let already_done = old.table(old_table_name).is_some_and(|t| t.column(new_column).is_some());
        if !present || already_done {
            planner.refuse(
                format!("column {table}.{new_column}"),
                format!(
                    "is declared renamed from `{old_column}`, which is not a column of {old_table_name} in the snapshot; remove the `renamed_from` hint"
                ),
            );
        }
        if new.table(table).is_none_or(|t| t.column(new_column).is_none()) {
            planner.refuse(format!("column {table}.{new_column}"), "has a rename hint but is not declared");
        }
    }
}


/// The header of every planned migration and rollback.
pub const MIGRATION_HEADER: &str = "-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.";

/// The migration file for `plan`: the generated-file header, then every step
/// with its classification, in one transaction.
pub fn render(title: &str, plan: &Plan) -> String {
    let mut body = String::new();
    for step in &plan.steps {
        body.push_str(&format!("-- [{}] {}\n", step.safety, step.description));
        if let Some(note) = &step.note {
            body.push_str(&format!("--   {note}\n"));
        }
        body.push_str(step.sql.trim_end());
        body.push_str("\n\n");
    }
    crate::sql::transaction(MIGRATION_HEADER, title, &body)
}

#[cfg(test)]
mod tests;
