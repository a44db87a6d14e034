//! Planning constraints on an existing table: CHECKs and foreign keys added
//! `NOT VALID` and validated in the next migration, keys built as unique
//! indexes concurrently and then attached.

use super::{alter, helper_name};
use crate::plan::objects::{comment, metadata};
use crate::plan::{Phase, Planner, Stage, Step};
use crate::catalog::Table;
use crate::compare::{Attribute, ChangeKind, Object};
use crate::model::*;
use crate::sql::{Statement, TableAction, Target};

pub(super) fn constraints(p: &mut Planner<'_>, old: &Table, new: &Table) {
    let table = &new.name;
    for object in p.objects(|o| matches!(o, Object::Constraint { table: t, .. } if t == table)) {
        let Object::Constraint { name, .. } = &object else { continue };
        let kinds: Vec<ChangeKind> = p.changes_of(&object).into_iter().cloned().collect();
        let (before, after) = (old.constraint(name), new.constraint(name));
        match (before, after) {
            (None, Some(after)) => add_constraint(p, table, after),
            (Some(before), None) => drop_constraint(p, table, &before.name),
            (Some(before), Some(after)) => {
                let altered = |attribute: Attribute| kinds.iter().any(|k| matches!(k, ChangeKind::Altered { attribute: a, .. } if *a == attribute));
                let foreign = matches!(after.kind, ConstraintKind::ForeignKey { .. });
                if altered(Attribute::Definition) || (altered(Attribute::Deferrable) && !foreign) || (altered(Attribute::Validated) && !after.validated) {
                    if let Some(column) = removes_values(&before.kind, &after.kind) {
                        let qualified = format!("{table}.{column}");
                        if !p.needs_consent(&qualified, format!("column {qualified}"), "loses allowed values that rows may still hold; declare the consent (`allow_data_loss`) if intended") {
                            continue;
                        }
                    }
                    if after.kind.is_key() {
                        replace_key(p, table, after);
                    } else {
                        drop_constraint(p, table, &before.name);
                        add_constraint(p, table, after);
                    }
                    continue;
                }
                if altered(Attribute::Deferrable) {
                    let action = TableAction::AlterConstraint { name: name.clone(), deferral: after.deferral };
                    p.push(Phase::AlterTables, Step::new(format!("deferrability of constraint {name} on {table}"), vec![alter(table, action)]));
                }
                if altered(Attribute::Validated) {
                    let step = Step::new(format!("validate constraint {name} on {table}"), vec![alter(table, TableAction::ValidateConstraint(name.clone()))]);
                    p.push(Phase::AlterTables, step.in_stage(Stage::Finish));
                }
                let target = Target::Constraint { table: table.clone(), name: name.clone() };
                metadata(p, &object, &target, ("", ""), (&before.comment, &after.comment), (&[], &[]));
            }
            (None, None) => {}
        }
    }
}

fn drop_constraint(p: &mut Planner<'_>, table: &QualifiedName, name: &str) {
    let step = Step::new(format!("drop constraint {name} on {table}"), vec![alter(table, TableAction::DropConstraint(name.to_owned()))]);
    p.push(Phase::AlterTables, step);
}

/// For allowed-value sets: the column, when values are removed.
fn removes_values(old: &ConstraintKind, new: &ConstraintKind) -> Option<String> {
    match (old, new) {
        (ConstraintKind::AllowedValues { column, values: before }, ConstraintKind::AllowedValues { values: after, .. }) => {
            before.iter().any(|v| !after.contains(v)).then(|| column.clone())
        }
        _ => None,
    }
}

/// On an existing table: CHECKs and foreign keys are added NOT VALID (a brief
/// lock) and validated in the next migration, which lets reads and writes go
/// on; a key's unique index is built concurrently first and then attached.
fn add_constraint(p: &mut Planner<'_>, table: &QualifiedName, constraint: &Constraint) {
    let name = &constraint.name;
    if constraint.kind.can_validate_later() {
        let add = alter(table, TableAction::AddConstraint { constraint: constraint.clone(), not_valid: true });
        p.push(Phase::AlterTables, Step::new(format!("add constraint {name} on {table} (NOT VALID)"), vec![add]).with_note("enforced for new rows at once; existing rows are checked by the validation"));
        if constraint.validated {
            let validate = alter(table, TableAction::ValidateConstraint(name.clone()));
            let step = Step::new(format!("validate constraint {name} on {table}"), vec![validate])
                .in_stage(Stage::Finish)
                .with_note("checks existing rows under SHARE UPDATE EXCLUSIVE: reads and writes go on");
            p.push(Phase::AlterTables, step);
        }
    } else if !constraint.kind.is_key() {
        let add = alter(table, TableAction::AddConstraint { constraint: constraint.clone(), not_valid: false });
        p.push(Phase::AlterTables, Step::new(format!("add constraint {name} on {table}"), vec![add]));
    } else {
        let build = key_index(table, constraint, name);
        p.push(Phase::AlterTables, Step::new(format!("build the unique index of constraint {name} on {table}"), vec![build]));
        let attach = alter(table, TableAction::AddConstraintUsingIndex { constraint: constraint.clone(), index: name.clone() });
        let step = Step::new(format!("add constraint {name} on {table} using its index"), vec![attach]).in_stage(Stage::Finish);
        p.push(Phase::AlterTables, step);
    }
    comment(p, &Target::Constraint { table: table.clone(), name: name.clone() }, &constraint.comment, None);
}

/// The unique index a key is built on, concurrently, under `index_name`.
fn key_index(table: &QualifiedName, constraint: &Constraint, index_name: &str) -> Statement {
    let columns: Vec<IndexColumn> = constraint.kind.columns().iter().map(|c| IndexColumn::new(*c, false)).collect();
    let index = Index { name: index_name.to_owned(), unique: true, columns, ..Index::default() };
    Statement::CreateIndex { table: table.clone(), index, concurrently: true }
}

/// A changed key keeps its table covered the whole time: the new unique index
/// is built concurrently beside the old one, then in one short transaction the
/// old constraint is dropped and the new one takes over the index.
fn replace_key(p: &mut Planner<'_>, table: &QualifiedName, constraint: &Constraint) {
    let name = &constraint.name;
    let fresh = helper_name(&format!("{name}_new"));
    p.push(Phase::AlterTables, Step::new(format!("build the new unique index of constraint {name} on {table}"), vec![key_index(table, constraint, &fresh)]));
    let swap = vec![
        alter(table, TableAction::DropConstraint(name.clone())),
        alter(table, TableAction::AddConstraintUsingIndex { constraint: constraint.clone(), index: fresh }),
    ];
    p.push(Phase::AlterTables, Step::new(format!("replace constraint {name} on {table} by the new index"), swap).in_stage(Stage::Finish));
    comment(p, &Target::Constraint { table: table.clone(), name: name.clone() }, &constraint.comment, None);
}
