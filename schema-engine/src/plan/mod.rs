//! The planner: turns the [changes](crate::compare) between two catalogs into
//! the steps that take a database from one to the other.
//!
//! The same planner writes the next migration (from the last snapshot to the
//! declarations, no database needed), its rollback (the way back), and a
//! repair (from a drifted database back to the declarations). Every step
//! names the lock it takes, whether it scans or rewrites the table and whether
//! it runs in a transaction ([`Step`]), with a safety class on top; a step
//! that can lose data is refused in a migration unless the declarations
//! consent, and marked in a repair. Statements stay typed until the plan is
//! rendered ([`files`]).

mod definitions;
mod files;
pub mod locks;
mod objects;
mod step;
mod tables;
#[cfg(test)]
mod tests;

pub use files::{render_script, render_steps, MigrationFile, INDEX_BUILD_MARKER, NO_TRANSACTION};
pub use locks::{LockMode, TableAccess};
pub use step::{Safety, Stage, Step};

use crate::catalog::Catalog;
use crate::compare::{compare, Change, ChangeKind, Object, Renames};
use crate::model::QualifiedName;
use std::fmt;

/// What the declarations say about a change that two catalogs alone cannot tell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationHints {
    /// `(new name, old name)`: a table renamed (`#[table(renamed_from = "...")]`).
    pub renamed_tables: Vec<(QualifiedName, QualifiedName)>,
    /// `(table, new column, old column)`: a column renamed (`#[column(renamed_from = "...")]`).
    pub renamed_columns: Vec<(QualifiedName, String, String)>,
    /// `(enum type, new label, old label)`: an enum value renamed
    /// (`#[pg_enum(renamed_from = "...")]`), which keeps the rows holding it.
    pub renamed_enum_values: Vec<(QualifiedName, String, String)>,
    /// Objects whose data may be lost: `schema.table` (drop the table) or
    /// `schema.table.column` (drop, narrow, or remove allowed values of the column).
    pub allow_data_loss: Vec<String>,
}

impl MigrationHints {
    pub fn renames(&self) -> Renames {
        Renames { tables: self.renamed_tables.clone(), columns: self.renamed_columns.clone() }
    }

    /// `(new label, old label)` of the values of `enum_type` renamed.
    fn enum_renames(&self, enum_type: &QualifiedName) -> Vec<(&str, &str)> {
        self.renamed_enum_values.iter().filter(|(t, _, _)| t == enum_type).map(|(_, new, old)| (new.as_str(), old.as_str())).collect()
    }

    fn consents(&self, object: &str) -> bool {
        self.allow_data_loss.iter().any(|o| o == object)
    }
}

/// What a plan is for, which decides what happens to a step that can lose data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The next migration: a step that can lose data needs the declarations' consent.
    Migration,
    /// The way back of a migration: it may drop what the migration added.
    Rollback,
    /// Bringing a drifted database back to the declarations: every step is
    /// planned; those that can lose data are marked destructive.
    Repair,
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

/// The steps from one catalog to another, in the order they run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// What a repair cannot do by itself, for a person to decide.
    pub manual: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.manual.is_empty()
    }

    /// The plan as migration files, in order: the transactional part, each
    /// online step on its own, then what waits for them.
    pub fn files(&self) -> Vec<MigrationFile> {
        files::split(self)
    }
}

/// Plans the migration from `old` to `new`, and its rollback.
pub fn plan(old: &Catalog, new: &Catalog, hints: &MigrationHints) -> Result<(Plan, Plan), Vec<PlanError>> {
    let forward = plan_changes(old, new, hints, Mode::Migration)?;
    let back_hints = MigrationHints {
        renamed_tables: hints.renamed_tables.iter().map(|(n, o)| (o.clone(), n.clone())).collect(),
        renamed_columns: hints.renames().reversed().columns,
        renamed_enum_values: hints.renamed_enum_values.iter().map(|(t, new, old)| (t.clone(), old.clone(), new.clone())).collect(),
        allow_data_loss: Vec::new(),
    };
    let backward = plan_changes(new, old, &back_hints, Mode::Rollback).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| PlanError { object: e.object, message: format!("cannot plan the rollback: {}", e.message) })
            .collect::<Vec<_>>()
    })?;
    Ok((forward, backward))
}

/// The steps that bring `live` back to `declared`.
pub fn repair(live: &Catalog, declared: &Catalog) -> Plan {
    // A repair refuses nothing: what a migration would refuse is marked instead.
    plan_changes(live, declared, &MigrationHints::default(), Mode::Repair).unwrap_or_default()
}

/// The phases of the transactional part; steps are collected per phase, then
/// joined (a stable sort keeps each phase's steps in the order they were planned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    /// Schemas, extensions, enum types and sequences the rest needs.
    Prelude,
    /// What is replaced or removed and blocks table changes: triggers, policies,
    /// views, functions, jobs.
    DropDependents,
    Renames,
    CreateTables,
    AlterTables,
    DropData,
    /// Functions, materialized views and views, each after what it reads.
    Definitions,
    /// Removed objects that a view replaced in place read until then.
    LateDrops,
    Security,
    Metadata,
    Jobs,
    /// Schemas, types and extensions that are no longer used.
    Epilogue,
}

struct Planner<'a> {
    old: &'a Catalog,
    new: &'a Catalog,
    changes: Vec<Change>,
    hints: &'a MigrationHints,
    mode: Mode,
    steps: Vec<(Phase, Step)>,
    errors: Vec<PlanError>,
    manual: Vec<String>,
    /// Tables whose existing columns are retyped or dropped, or that are
    /// dropped: views reading them are recreated around the change.
    reshaped_tables: Vec<QualifiedName>,
    /// COMMENT statements by the object they are about (see `objects::comment`).
    comments: Vec<(String, Vec<crate::sql::Statement>)>,
}

fn plan_changes(old: &Catalog, new: &Catalog, hints: &MigrationHints, mode: Mode) -> Result<Plan, Vec<PlanError>> {
    let mut planner = Planner {
        old,
        new,
        changes: compare(old, new, &hints.renames()),
        hints,
        mode,
        steps: Vec::new(),
        errors: Vec::new(),
        manual: Vec::new(),
        reshaped_tables: Vec::new(),
        comments: Vec::new(),
    };
    if mode == Mode::Migration {
        check_hints(&mut planner);
    }
    objects::plan(&mut planner);
    tables::plan(&mut planner);
    definitions::plan(&mut planner);
    objects::comment_steps(&mut planner);
    if !planner.errors.is_empty() {
        return Err(planner.errors);
    }
    let mut steps = planner.steps;
    // A job that refreshes a cache needs the cache's unique index, which an
    // online step may still be building: jobs then wait for the last migration.
    if steps.iter().any(|(_, step)| step.stage == Stage::Online) {
        for (phase, step) in &mut steps {
            if *phase == Phase::Jobs {
                step.stage = Stage::Finish;
            }
        }
    }
    steps.sort_by_key(|(phase, step)| (step.stage, *phase));
    Ok(Plan { steps: steps.into_iter().map(|(_, step)| step).collect(), manual: planner.manual })
}

impl Planner<'_> {
    fn push(&mut self, phase: Phase, step: Step) {
        self.steps.push((phase, step));
    }

    /// Refuses a change in a migration; in a rollback or repair it is planned
    /// and marked destructive by the caller instead.
    fn needs_consent(&mut self, consent: &str, object: String, message: &str) -> bool {
        match self.mode {
            Mode::Migration if !self.hints.consents(consent) => {
                self.errors.push(PlanError { object, message: message.to_owned() });
                false
            }
            _ => true,
        }
    }

    /// Something the plan cannot do: an error in a migration, a note for a
    /// person in a repair.
    fn cannot(&mut self, object: String, message: impl Into<String>) {
        let message = message.into();
        match self.mode {
            Mode::Repair => self.manual.push(format!("{object}: {message}")),
            _ => self.errors.push(PlanError { object, message }),
        }
    }

    /// The distinct objects changes are about, in the order they first appear.
    fn objects(&self, keep: impl Fn(&Object) -> bool) -> Vec<Object> {
        let mut objects: Vec<Object> = Vec::new();
        for change in &self.changes {
            if keep(&change.object) && !objects.contains(&change.object) {
                objects.push(change.object.clone());
            }
        }
        objects
    }

    /// The changes about `object`.
    fn changes_of(&self, object: &Object) -> Vec<&ChangeKind> {
        self.changes.iter().filter(|c| &c.object == object).map(|c| &c.kind).collect()
    }

    fn has(&self, object: &Object, kind: fn(&ChangeKind) -> bool) -> bool {
        self.changes.iter().any(|c| &c.object == object && kind(&c.kind))
    }
}

/// A hint that names something the old catalog does not have was not used:
/// that is an error, never silently ignored.
fn check_hints(planner: &mut Planner<'_>) {
    for (new_name, old_name) in &planner.hints.renamed_tables {
        if planner.old.table(old_name).is_none() {
            planner.errors.push(PlanError {
                object: format!("table {new_name}"),
                message: format!("is declared renamed from {old_name}, which is not in the snapshot; remove the `renamed_from` hint"),
            });
        }
    }
    for (table, new_column, old_column) in &planner.hints.renamed_columns {
        let old_table = planner.hints.renamed_tables.iter().find(|(n, _)| n == table).map(|(_, o)| o).unwrap_or(table);
        let present = planner.old.table(old_table).is_some_and(|t| t.column(old_column).is_some());
        let already_done = planner.old.table(old_table).is_some_and(|t| t.column(new_column).is_some());
        if !present || already_done {
            planner.errors.push(PlanError {
                object: format!("column {table}.{new_column}"),
                message: format!(
                    "is declared renamed from `{old_column}`, which is not a column of {old_table} in the snapshot; remove the `renamed_from` hint"
                ),
            });
        }
        if planner.new.table(table).is_none_or(|t| t.column(new_column).is_none()) {
            planner.errors.push(PlanError {
                object: format!("column {table}.{new_column}"),
                message: "has a rename hint but is not declared".to_owned(),
            });
        }
    }
    for (enum_type, new_value, old_value) in &planner.hints.renamed_enum_values {
        let old = planner.old.enum_type(enum_type).map(|e| e.values.as_slice()).unwrap_or_default();
        if !old.contains(old_value) || old.contains(new_value) {
            planner.errors.push(PlanError {
                object: format!("type {enum_type}"),
                message: format!(
                    "value {new_value:?} is declared renamed from {old_value:?}, which is not a value of the type in the snapshot; remove the `renamed_from` hint"
                ),
            });
        }
    }
}
