//! Planning table changes: tables and columns, constraints, indexes, row level
//! security, policies, triggers, grants and comments.

use super::{MigrationHints, Phase, Planner, Safety, Step};
use crate::model::*;
use crate::sql::{Alter, CommentTarget, GrantObject, Statement};

/// Plans every table change. Returns the tables whose existing columns are
/// retyped or dropped: views reading them must be recreated around the change.
pub(super) fn plan(p: &mut Planner, old: &Schema, new: &Schema, hints: &MigrationHints) -> Vec<QualifiedName> {
    let mut blocking = Vec::new();
    let mut matched_old = Vec::new();
    for table in &new.tables {
        let renamed_from = hints.renamed_tables.iter().find(|(n, _)| *n == table.name).map(|(_, o)| o);
        let previous = old.table(renamed_from.unwrap_or(&table.name));
        match previous {
            None => create_table(p, new, table),
            Some(previous) => {
                matched_old.push(previous.name.clone());
                if previous.name != table.name {
                    p.push(
                        Phase::Renames,
                        Step::safe(
                            format!("rename table {} to {}", previous.name, table.name.name),
                            Alter::RenameTable { table: &previous.name, to: &table.name.name }.render(),
                        ),
                    );
                }
                if alter_table(p, new, previous, table, hints) {
                    blocking.push(table.name.clone());
                }
            }
        }
    }
    for table in old.tables.iter().filter(|t| !matched_old.contains(&t.name)) {
        let object = table.name.to_string();
        if !hints.allow_data_loss.contains(&object) {
            p.refuse(
                format!("table {object}"),
                "would be dropped with all its rows; declare the consent (`allow_data_loss` lists it) or restore the declaration",
            );
            continue;
        }
        p.push(Phase::DropData, Step::new(Safety::Destructive, format!("drop table {object}"), Alter::DropTable(&table.name).render()));
    }
    blocking
}

fn create_table(p: &mut Planner, schema: &Schema, table: &Table) {
    let mut sql = vec![Statement::CreateTable(table).render()];
    sql.extend(table.indexes.iter().map(|index| Statement::CreateIndex { table: &table.name, index, if_not_exists: false }.render()));
    p.push(Phase::CreateTables, Step::safe(format!("create table {}", table.name), sql.join("\n\n")));
    security(p, schema, None, table);
    table_metadata(p, schema, None, table);
}

/// Plans the changes of one table. Returns whether a column is retyped or dropped.
fn alter_table(p: &mut Planner, schema: &Schema, old: &Table, new: &Table, hints: &MigrationHints) -> bool {
    let name = &new.name;
    let mut blocking = false;
    let mut matched = Vec::new();
    for column in &new.columns {
        let renamed_from = hints
            .renamed_columns
            .iter()
            .find(|(t, c, _)| t == name && *c == column.name)
            .map(|(_, _, from)| from.as_str());
        let Some(previous) = old.column(renamed_from.unwrap_or(&column.name)) else {
            add_column(p, name, column);
            continue;
        };
        matched.push(previous.name.clone());
        if previous.name != column.name {
            p.push(
                Phase::Renames,
                Step::safe(
                    format!("rename column {name}.{} to {}", previous.name, column.name),
                    Alter::RenameColumn { table: name, from: &previous.name, to: &column.name }.render(),
                ),
            );
        }
        blocking |= alter_column(p, name, previous, column, hints);
    }
    for column in old.columns.iter().filter(|c| !matched.contains(&c.name)) {
        let object = format!("{name}.{}", column.name);
        if !hints.allow_data_loss.contains(&object) {
            p.refuse(format!("column {object}"), "would be dropped with its data; declare the consent (`allow_drop_column`) or restore the field");
            continue;
        }
        blocking = true;
        p.push(
            Phase::DropData,
            Step::new(Safety::Destructive, format!("drop column {object}"), Alter::DropColumn { table: name, column: &column.name }.render()),
        );
    }
    constraints(p, old, new, hints);
    indexes(p, old, new);
    security(p, schema, Some(old), new);
    table_metadata(p, schema, Some(old), new);
    blocking
}

fn add_column(p: &mut Planner, table: &QualifiedName, column: &Column) {
    let object = format!("{table}.{}", column.name);
    if !column.nullable && column.default.is_none() {
        p.refuse(
            format!("column {object}"),
            "is NOT NULL without a default, so adding it fails on a table with rows; give it a default or make it Option<_> first",
        );
        return;
    }
    let volatile = column.default.as_deref().is_some_and(is_volatile);
    let step = Step::new(
        if volatile { Safety::Rewrite } else { Safety::Safe },
        format!("add column {object}"),
        Alter::AddColumn { table, column }.render(),
    );
    let step = if volatile { step.with_note("a volatile default is computed for every existing row") } else { step };
    p.push(Phase::AlterTables, step);
}

/// Defaults Postgres must evaluate per row when a column is added (PG 11+ stores
/// a non-volatile default once, without rewriting the table).
fn is_volatile(default: &str) -> bool {
    ["random", "gen_random_uuid", "clock_timestamp", "nextval", "timeofday", "uuid_generate"]
        .iter()
        .any(|f| default.to_ascii_lowercase().contains(f))
}

/// Plans a column's type, nullability and default. Returns whether it is retyped.
fn alter_column(p: &mut Planner, table: &QualifiedName, old: &Column, new: &Column, hints: &MigrationHints) -> bool {
    let object = format!("{table}.{}", new.name);
    let column = new.name.as_str();
    let retyped = old.data_type != new.data_type;
    if retyped {
        let widening = is_widening(&old.data_type, &new.data_type);
        if !widening && !hints.allow_data_loss.contains(&object) {
            p.refuse(
                format!("column {object}"),
                format!(
                    "changing {} to {} can fail or lose data; declare the consent (`allow_data_loss`) if intended",
                    old.data_type, new.data_type
                ),
            );
        } else {
            let safety = if widening { Safety::Rewrite } else { Safety::Destructive };
            p.push(
                Phase::AlterTables,
                Step::new(safety, format!("change type of {object} from {} to {}", old.data_type, new.data_type), Alter::AlterColumnType { table, column, data_type: &new.data_type }.render())
                    .with_note("rewrites the table and its indexes under an ACCESS EXCLUSIVE lock"),
            );
        }
    }
    if old.default != new.default {
        let sql = match &new.default {
            Some(default) => Alter::SetDefault { table, column, default }.render(),
            None => Alter::DropDefault { table, column }.render(),
        };
        p.push(Phase::AlterTables, Step::safe(format!("change default of {object}"), sql));
    }
    if old.nullable && !new.nullable {
        // A validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its full scan
        // under the exclusive lock; the CHECK is dropped again afterwards.
        let check_name = format!("{}_{}_not_null", table.name, column);
        let check = Constraint { name: check_name.clone(), kind: ConstraintKind::Check { expression: format!("{} IS NOT NULL", crate::sql::quote::ident(column)) } };
        let sql = [
            Alter::AddConstraint { table, constraint: &check, not_valid: true }.render(),
            Alter::ValidateConstraint { table, name: &check_name }.render(),
            Alter::SetNotNull { table, column }.render(),
            Alter::DropConstraint { table, name: &check_name }.render(),
        ];
        p.push(
            Phase::AlterTables,
            Step::safe(format!("make {object} NOT NULL"), sql.join("\n"))
                .with_note("validated through a NOT VALID check first; fails if a NULL is present"),
        );
    } else if !old.nullable && new.nullable {
        p.push(Phase::AlterTables, Step::safe(format!("make {object} nullable"), Alter::DropNotNull { table, column }.render()));
    }
    retyped
}

/// Type changes that keep every value (the table is still rewritten).
fn is_widening(from: &SqlType, to: &SqlType) -> bool {
    let rank = |t: &str| ["smallint", "integer", "bigint", "numeric"].iter().position(|x| *x == t);
    match (rank(from.as_str()), rank(to.as_str())) {
        (Some(a), Some(b)) => a < b,
        _ => to.as_str() == "text" && !from.as_str().ends_with("[]"),
    }
}

fn constraints(p: &mut Planner, old: &Table, new: &Table, hints: &MigrationHints) {
    let table = &new.name;
    for constraint in &new.constraints {
        match old.constraints.iter().find(|c| c.name == constraint.name) {
            Some(previous) if previous.kind == constraint.kind => {}
            Some(previous) => {
                if let Some(loss) = removes_values(&previous.kind, &constraint.kind) {
                    let object = format!("{table}.{loss}");
                    if !hints.allow_data_loss.contains(&object) {
                        p.refuse(format!("column {object}"), "loses allowed values that rows may still hold; declare the consent (`allow_data_loss`) if intended");
                        continue;
                    }
                }
                p.push(Phase::AlterTables, Step::safe(format!("drop constraint {} on {table}", previous.name), Alter::DropConstraint { table, name: &previous.name }.render()));
                add_constraint(p, table, constraint);
            }
            None => add_constraint(p, table, constraint),
        }
    }
    for constraint in old.constraints.iter().filter(|c| !new.constraints.iter().any(|n| n.name == c.name)) {
        p.push(Phase::AlterTables, Step::safe(format!("drop constraint {} on {table}", constraint.name), Alter::DropConstraint { table, name: &constraint.name }.render()));
    }
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

/// CHECKs and foreign keys are added NOT VALID (a brief lock) and validated in a
/// second statement that lets reads and writes go on; keys build an index.
fn add_constraint(p: &mut Planner, table: &QualifiedName, constraint: &Constraint) {
    let validate_later = matches!(
        constraint.kind,
        ConstraintKind::Check { .. } | ConstraintKind::AllowedValues { .. } | ConstraintKind::ForeignKey { .. }
    );
    if validate_later {
        let sql = [
            Alter::AddConstraint { table, constraint, not_valid: true }.render(),
            Alter::ValidateConstraint { table, name: &constraint.name }.render(),
        ];
        p.push(
            Phase::AlterTables,
            Step::safe(format!("add constraint {} on {table}", constraint.name), sql.join("\n"))
                .with_note("NOT VALID, then VALIDATE under a SHARE UPDATE EXCLUSIVE lock"),
        );
    } else {
        p.push(
            Phase::AlterTables,
            Step::new(Safety::HeavyLock, format!("add constraint {} on {table}", constraint.name), Alter::AddConstraint { table, constraint, not_valid: false }.render())
                .with_note("builds a unique index while blocking writes"),
        );
    }
}

fn indexes(p: &mut Planner, old: &Table, new: &Table) {
    let table = &new.name;
    for index in &old.indexes {
        if new.indexes.iter().any(|i| i == index) {
            continue;
        }
        p.push(Phase::AlterTables, Step::safe(format!("drop index {}", index.name), Alter::DropIndex { schema: &table.schema, name: &index.name }.render()));
    }
    for index in &new.indexes {
        if old.indexes.iter().any(|i| i == index) {
            continue;
        }
        p.push(
            Phase::AlterTables,
            Step::new(
                Safety::HeavyLock,
                format!("create index {} on {table}", index.name),
                Statement::CreateIndex { table, index, if_not_exists: true }.render(),
            )
            .with_note("blocks writes while it builds; on a large table build the same index CONCURRENTLY by hand first (that cannot run inside a transaction) and this step skips it"),
        );
    }
}

/// RLS switches, policies and triggers. `old` is `None` for a new table.
fn security(p: &mut Planner, schema: &Schema, old: Option<&Table>, new: &Table) {
    let table = &new.name;
    let (was_enabled, was_forced) = old.map(|t| (t.rls.enabled, t.rls.forced)).unwrap_or((false, false));
    if new.rls.enabled && (!was_enabled || (new.rls.forced && !was_forced)) {
        let sql = Statement::EnableRowLevelSecurity { table, forced: new.rls.forced }.render();
        p.push(Phase::Security, Step::safe(format!("enable row level security on {table}"), sql));
    }
    if was_enabled && !new.rls.enabled {
        p.push(Phase::Security, Step::safe(format!("disable row level security on {table}"), Alter::DisableRowLevelSecurity { table }.render()));
    } else if was_forced && !new.rls.forced {
        p.push(Phase::Security, Step::safe(format!("stop forcing row level security on {table}"), Alter::NoForceRowLevelSecurity { table }.render()));
    }
    let old_policies = old.map(|t| t.policies.as_slice()).unwrap_or_default();
    for policy in &new.policies {
        match old_policies.iter().find(|o| o.name == policy.name) {
            // Only the comment changed (or nothing): handled with the metadata.
            Some(previous) if same_rule(previous, policy) => {}
            Some(previous) if previous.command == policy.command && previous.permissive == policy.permissive => {
                p.push(Phase::Security, Step::safe(format!("alter policy {} on {table}", policy.name), Alter::AlterPolicy { table, policy }.render()));
            }
            Some(previous) => {
                let sql = [Alter::DropPolicy { table, name: &previous.name }.render(), Statement::CreatePolicy { table, policy }.render()];
                p.push(Phase::Security, Step::safe(format!("recreate policy {} on {table}", policy.name), sql.join("\n")));
            }
            None => p.push(Phase::Security, Step::safe(format!("create policy {} on {table}", policy.name), Statement::CreatePolicy { table, policy }.render())),
        }
    }
    for policy in old_policies.iter().filter(|o| !new.policies.iter().any(|n| n.name == o.name)) {
        p.push(Phase::Security, Step::safe(format!("drop policy {} on {table}", policy.name), Alter::DropPolicy { table, name: &policy.name }.render()));
    }
    let old_triggers = old.map(|t| t.triggers.as_slice()).unwrap_or_default();
    for trigger in old_triggers.iter().filter(|o| !new.triggers.contains(o)) {
        p.push(Phase::DropDependents, Step::safe(format!("drop trigger {} on {table}", trigger.name), Alter::DropTrigger { table: old.map(|t| &t.name).unwrap_or(table), name: &trigger.name }.render()));
    }
    for trigger in new.triggers.iter().filter(|n| !old_triggers.contains(n)) {
        if schema.function(&trigger.function).is_some() {
            p.push(Phase::Security, Step::safe(format!("create trigger {} on {table}", trigger.name), Statement::CreateTrigger { table, trigger }.render()));
        }
    }
}

fn same_rule(a: &Policy, b: &Policy) -> bool {
    (a.command, a.permissive, &a.roles, &a.using, &a.with_check) == (b.command, b.permissive, &b.roles, &b.using, &b.with_check)
}

/// Comments and grants. `old` is `None` for a new table.
fn table_metadata(p: &mut Planner, schema: &Schema, old: Option<&Table>, new: &Table) {
    let table = &new.name;
    let mut sql = Vec::new();
    if old.is_none_or(|o| o.comment != new.comment) {
        sql.push(Statement::Comment { target: CommentTarget::Table(table), text: &new.comment }.render());
    }
    for column in &new.columns {
        let previous = old.and_then(|o| o.column(&column.name));
        if previous.is_none_or(|c| c.comment != column.comment) {
            sql.push(Statement::Comment { target: CommentTarget::Column(table, &column.name), text: &column.comment }.render());
        }
    }
    for policy in &new.policies {
        let previous = old.and_then(|o| o.policies.iter().find(|x| x.name == policy.name));
        if !policy.comment.is_empty() && previous.is_none_or(|x| x.comment != policy.comment) {
            sql.push(Statement::Comment { target: CommentTarget::Policy(table, &policy.name), text: &policy.comment }.render());
        }
    }
    if !sql.is_empty() {
        p.push(Phase::Metadata, Step::safe(format!("comments on {table}"), sql.join("\n")));
    }
    if old.is_none_or(|o| o.grants != new.grants) {
        p.push(Phase::Metadata, grants_step(schema, GrantObject::Table(table), table, &new.grants));
    }
}

/// Revokes everything from the API roles and grants the declared privileges.
pub(super) fn grants_step(schema: &Schema, object: GrantObject<'_>, name: &QualifiedName, grants: &[Grant]) -> Step {
    let mut sql = vec![Statement::RevokeAll { object, roles: &schema.api_roles }.render()];
    for grant in grants {
        sql.push(Statement::GrantPrivileges { object, role: &grant.role, privileges: &grant.privileges }.render());
    }
    Step::safe(format!("privileges on {name}"), sql.join("\n"))
}
