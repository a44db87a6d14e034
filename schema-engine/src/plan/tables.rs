//! Planning tables: the table itself, its columns, constraints, indexes,
//! policies and triggers.
//!
//! On a table that exists, nothing holds a write-blocking lock for longer
//! than a moment: indexes are built and dropped `CONCURRENTLY` outside the
//! transaction, CHECKs and foreign keys are added `NOT VALID` and validated in
//! the next migration, SET NOT NULL goes through a validated CHECK, and keys
//! are built as indexes first. A new table gets everything in the creating
//! transaction, where nobody can be waiting for it.

use super::objects::{comment, metadata, new_grants};
use super::{Phase, Planner, Stage, Step};
use crate::catalog::Table;
use crate::compare::{Attribute, ChangeKind, Object};
use crate::model::*;
use crate::sql::quote::ident;
use crate::sql::{Statement, TableAction, Target};

pub(super) fn plan(p: &mut Planner<'_>) {
    let mut names: Vec<QualifiedName> = Vec::new();
    for change in &p.changes {
        let table = match &change.object {
            Object::Table { name } => Some(name),
            Object::Column { table, .. }
            | Object::Constraint { table, .. }
            | Object::Policy { table, .. }
            | Object::Trigger { table, .. }
            | Object::Index { table, .. } => Some(table),
            _ => None,
        };
        if let Some(table) = table.filter(|t| !names.contains(t)) {
            if p.new.table(table).is_some() || p.old.table(table).is_some() {
                names.push(table.clone());
            }
        }
    }
    for name in names {
        let object = Object::Table { name: name.clone() };
        if p.has(&object, |k| matches!(k, ChangeKind::Added)) {
            if let Some(table) = p.new.table(&name).cloned() {
                create_table(p, &table);
            }
        } else if p.has(&object, |k| matches!(k, ChangeKind::Removed)) {
            drop_table(p, &name);
        } else if let Some(new) = p.new.table(&name).cloned() {
            let old_name = p.changes_of(&object).iter().find_map(|k| match k {
                ChangeKind::Renamed { from } => Some(QualifiedName::parse(from)),
                _ => None,
            });
            if let Some(from) = &old_name {
                let statement = Statement::RenameTable { table: from.clone(), to: name.name.clone() };
                p.push(Phase::Renames, Step::new(format!("rename table {from} to {}", name.name), vec![statement]));
            }
            let Some(old) = p.old.table(old_name.as_ref().unwrap_or(&name)).cloned() else { continue };
            alter_table(p, &old, &new);
        }
    }
}

fn create_table(p: &mut Planner<'_>, table: &Table) {
    let name = &table.name;
    let mut statements = vec![Statement::CreateTable(table.clone())];
    statements.extend(table.indexes.iter().map(|index| Statement::CreateIndex { table: name.clone(), index: index.clone(), concurrently: false }));
    p.push(Phase::CreateTables, Step::new(format!("create table {name}"), statements).on_new_relation());
    let mut security = Vec::new();
    if table.rls_enabled {
        security.push(alter(name, TableAction::EnableRowLevelSecurity));
    }
    if table.rls_forced {
        security.push(alter(name, TableAction::ForceRowLevelSecurity));
    }
    if !table.replica_identity.is_default() {
        security.push(alter(name, TableAction::ReplicaIdentity(table.replica_identity.clone())));
    }
    if !table.options.is_empty() {
        security.push(alter(name, TableAction::SetOptions(table.options.clone())));
    }
    if !security.is_empty() {
        p.push(Phase::CreateTables, Step::new(format!("row level security and options of {name}"), security).on_new_relation());
    }
    for trigger in &table.triggers {
        create_trigger(p, name, trigger, true);
    }
    for policy in &table.policies {
        let step = Step::new(format!("create policy {} on {name}", policy.name), vec![Statement::CreatePolicy { table: name.clone(), policy: policy.clone() }]);
        p.push(Phase::Security, step.on_new_relation());
    }
    for publication in &table.publications {
        let statement = Statement::Publication { publication: publication.clone(), table: name.clone(), add: true };
        p.push(Phase::Security, Step::new(format!("add {name} to publication {publication}"), vec![statement]).on_new_relation());
    }
    table_comments(p, table);
    new_grants(p, &Target::Table(name.clone()), &table.grants);
    for column in table.columns.iter().filter(|c| !c.grants.is_empty()) {
        let target = Target::Column { relation: name.clone(), column: column.name.clone() };
        let statements = super::objects::grant_statements(&target, &column.grants);
        p.push(Phase::Metadata, Step::new(format!("privileges on column {name}.{}", column.name), statements));
    }
}

/// Every comment of a new table: the table, its columns, constraints, indexes,
/// policies and triggers.
fn table_comments(p: &mut Planner<'_>, table: &Table) {
    let name = &table.name;
    comment(p, &Target::Table(name.clone()), &table.comment, None);
    for column in &table.columns {
        comment(p, &Target::Column { relation: name.clone(), column: column.name.clone() }, &column.comment, None);
    }
    for constraint in &table.constraints {
        comment(p, &Target::Constraint { table: name.clone(), name: constraint.name.clone() }, &constraint.comment, None);
    }
    for index in &table.indexes {
        comment(p, &Target::Index { schema: name.schema.clone(), name: index.name.clone() }, &index.comment, None);
    }
    for policy in &table.policies {
        comment(p, &Target::Policy { table: name.clone(), name: policy.name.clone() }, &policy.comment, None);
    }
    for trigger in &table.triggers {
        comment(p, &Target::Trigger { table: name.clone(), name: trigger.name.clone() }, &trigger.comment, None);
    }
}

fn drop_table(p: &mut Planner<'_>, name: &QualifiedName) {
    let object = name.to_string();
    if p.needs_consent(&object, format!("table {object}"), "would be dropped with all its rows; declare the consent (`allow_data_loss` lists it) or restore the declaration") {
        p.reshaped_tables.push(name.clone());
        p.push(Phase::DropData, Step::new(format!("drop table {object}"), vec![Statement::DropTable(name.clone())]).destructive());
    }
}

fn alter(table: &QualifiedName, action: TableAction) -> Statement {
    Statement::AlterTable { table: table.clone(), action }
}

fn alter_table(p: &mut Planner<'_>, old: &Table, new: &Table) {
    let name = &new.name;
    let object = Object::Table { name: name.clone() };
    for kind in p.changes_of(&object).into_iter().cloned().collect::<Vec<_>>() {
        let ChangeKind::Altered { attribute, .. } = kind else { continue };
        let action = match attribute {
            Attribute::RowLevelSecurity if new.rls_enabled => TableAction::EnableRowLevelSecurity,
            Attribute::RowLevelSecurity => TableAction::DisableRowLevelSecurity,
            Attribute::ForceRowLevelSecurity if new.rls_forced => TableAction::ForceRowLevelSecurity,
            Attribute::ForceRowLevelSecurity => TableAction::NoForceRowLevelSecurity,
            Attribute::ReplicaIdentity => TableAction::ReplicaIdentity(new.replica_identity.clone()),
            Attribute::StorageParameters => {
                let reset: Vec<String> = old
                    .options
                    .iter()
                    .filter_map(|o| o.split_once('=').map(|(k, _)| k.to_owned()))
                    .filter(|k| !new.options.iter().any(|n| n.starts_with(&format!("{k}="))))
                    .collect();
                if !reset.is_empty() {
                    p.push(Phase::AlterTables, Step::new(format!("reset storage parameters of {name}"), vec![alter(name, TableAction::ResetOptions(reset))]));
                }
                if new.options.is_empty() {
                    continue;
                }
                TableAction::SetOptions(new.options.clone())
            }
            Attribute::Publications => {
                for publication in old.publications.iter().filter(|x| !new.publications.contains(x)) {
                    let statement = Statement::Publication { publication: publication.clone(), table: name.clone(), add: false };
                    p.push(Phase::Security, Step::new(format!("remove {name} from publication {publication}"), vec![statement]));
                }
                for publication in new.publications.iter().filter(|x| !old.publications.contains(x)) {
                    let statement = Statement::Publication { publication: publication.clone(), table: name.clone(), add: true };
                    p.push(Phase::Security, Step::new(format!("add {name} to publication {publication}"), vec![statement]));
                }
                continue;
            }
            _ => continue,
        };
        p.push(Phase::AlterTables, Step::new(format!("{attribute} of {name}"), vec![alter(name, action)]));
    }
    metadata(p, &object, &Target::Table(name.clone()), (&old.owner, &new.owner), (&old.comment, &new.comment), (&old.grants, &new.grants));
    columns(p, old, new);
    constraints(p, old, new);
    indexes(p, old, new);
    policies(p, old, new);
    triggers(p, old, new);
}

fn columns(p: &mut Planner<'_>, old: &Table, new: &Table) {
    let name = &new.name;
    let column_objects = p.objects(|o| matches!(o, Object::Column { table, .. } if table == name));
    for object in column_objects {
        let Object::Column { name: column_name, .. } = &object else { continue };
        let kinds: Vec<ChangeKind> = p.changes_of(&object).into_iter().cloned().collect();
        if kinds.iter().any(|k| matches!(k, ChangeKind::Added)) {
            if let Some(column) = new.column(column_name) {
                add_column(p, name, column);
            }
            continue;
        }
        if kinds.iter().any(|k| matches!(k, ChangeKind::Removed)) {
            let qualified = format!("{name}.{column_name}");
            if p.needs_consent(&qualified, format!("column {qualified}"), "would be dropped with its data; declare the consent (`allow_drop_column`) or restore the field") {
                p.reshaped_tables.push(name.clone());
                let statement = alter(name, TableAction::DropColumn(column_name.clone()));
                p.push(Phase::DropData, Step::new(format!("drop column {qualified}"), vec![statement]).destructive());
            }
            continue;
        }
        let from = kinds.iter().find_map(|k| match k {
            ChangeKind::Renamed { from } => Some(from.clone()),
            _ => None,
        });
        let Some(after) = new.column(column_name) else { continue };
        let Some(before) = old.column(from.as_deref().unwrap_or(column_name)) else { continue };
        if let Some(from) = &from {
            let statement = alter(name, TableAction::RenameColumn { from: from.clone(), to: column_name.clone() });
            p.push(Phase::Renames, Step::new(format!("rename column {name}.{from} to {column_name}"), vec![statement]));
        }
        alter_column(p, &object, name, before, after, &kinds);
    }
}

fn add_column(p: &mut Planner<'_>, table: &QualifiedName, column: &Column) {
    let object = format!("{table}.{}", column.name);
    if !column.nullable && column.default.is_none() && column.identity.is_none() && column.generated.is_none() {
        p.cannot(
            format!("column {object}"),
            "is NOT NULL without a default, so adding it fails on a table with rows; give it a default or make it Option<_> first",
        );
        return;
    }
    let volatile = column.default.as_deref().is_some_and(is_volatile) || column.identity.is_some() || column.generated.is_some();
    let step = Step::new(format!("add column {object}"), vec![alter(table, TableAction::AddColumn(column.clone()))]);
    let step = if volatile { step.rewrites().with_note("every existing row gets its own value, so the table is rewritten") } else { step };
    p.push(Phase::AlterTables, step);
    comment(p, &Target::Column { relation: table.clone(), column: column.name.clone() }, &column.comment, None);
    if !column.grants.is_empty() {
        let target = Target::Column { relation: table.clone(), column: column.name.clone() };
        p.push(Phase::Metadata, Step::new(format!("privileges on column {object}"), super::objects::grant_statements(&target, &column.grants)));
    }
}

/// Defaults Postgres must evaluate per row when a column is added (PG 11+ stores
/// a non-volatile default once, without rewriting the table).
fn is_volatile(default: &str) -> bool {
    ["random", "gen_random_uuid", "clock_timestamp", "nextval", "timeofday", "uuid_generate"]
        .iter()
        .any(|f| default.to_ascii_lowercase().contains(f))
}

fn alter_column(p: &mut Planner<'_>, object: &Object, table: &QualifiedName, old: &Column, new: &Column, kinds: &[ChangeKind]) {
    let qualified = format!("{table}.{}", new.name);
    let column = new.name.clone();
    let altered = |attribute: Attribute| kinds.iter().any(|k| matches!(k, ChangeKind::Altered { attribute: a, .. } if *a == attribute));
    if altered(Attribute::Type) || altered(Attribute::Collation) {
        let widening = is_widening(&old.data_type, &new.data_type) && old.collation == new.collation;
        let message = format!(
            "changing {} to {} can fail or lose data; declare the consent (`allow_data_loss`) if intended",
            old.data_type, new.data_type
        );
        if widening || p.needs_consent(&qualified, format!("column {qualified}"), &message) {
            p.reshaped_tables.push(table.clone());
            let action = TableAction::AlterColumnType { column: column.clone(), data_type: new.data_type.clone(), collation: new.collation.clone() };
            let step = Step::new(format!("change type of {qualified} from {} to {}", old.data_type, new.data_type), vec![alter(table, action)])
                .rewrites()
                .with_note("rewrites the table and its indexes under an ACCESS EXCLUSIVE lock");
            p.push(Phase::AlterTables, if widening { step } else { step.destructive() });
        }
    }
    if altered(Attribute::Default) {
        let action = match &new.default {
            Some(default) => TableAction::SetDefault { column: column.clone(), default: default.clone() },
            None => TableAction::DropDefault(column.clone()),
        };
        p.push(Phase::AlterTables, Step::new(format!("change default of {qualified}"), vec![alter(table, action)]));
    }
    if altered(Attribute::Nullable) {
        if new.nullable {
            p.push(Phase::AlterTables, Step::new(format!("make {qualified} nullable"), vec![alter(table, TableAction::DropNotNull(column.clone()))]));
        } else {
            set_not_null(p, table, &column);
        }
    }
    if altered(Attribute::Identity) {
        let action = match (old.identity, new.identity) {
            (None, Some(identity)) => TableAction::AddIdentity { column: column.clone(), identity },
            (Some(_), Some(identity)) => TableAction::SetIdentity { column: column.clone(), identity },
            (_, None) => TableAction::DropIdentity(column.clone()),
        };
        p.push(Phase::AlterTables, Step::new(format!("identity of {qualified}"), vec![alter(table, action)]));
    }
    if altered(Attribute::Generated) {
        match &new.generated {
            None => p.push(Phase::AlterTables, Step::new(format!("make {qualified} a plain column"), vec![alter(table, TableAction::DropExpression(column.clone()))])),
            Some(_) => p.cannot(
                format!("column {qualified}"),
                "cannot become generated (or change its expression) in place on PostgreSQL 15; add a new generated column instead",
            ),
        }
    }
    let target = Target::Column { relation: table.clone(), column: column.clone() };
    metadata(p, object, &target, ("", ""), (&old.comment, &new.comment), (&old.grants, &new.grants));
}

/// SET NOT NULL without a full scan under the exclusive lock: a CHECK
/// (column IS NOT NULL) is added NOT VALID now, validated in the next migration
/// under SHARE UPDATE EXCLUSIVE, after which SET NOT NULL trusts it; the CHECK
/// is then dropped again.
fn set_not_null(p: &mut Planner<'_>, table: &QualifiedName, column: &str) {
    let check_name = helper_name(&format!("{}_{column}_not_null", table.name));
    let check = Constraint::new(check_name.clone(), ConstraintKind::Check { expression: format!("{} IS NOT NULL", ident(column)) });
    let add = alter(table, TableAction::AddConstraint { constraint: check, not_valid: true });
    p.push(Phase::AlterTables, Step::new(format!("check that {table}.{column} holds no NULL (NOT VALID)"), vec![add]));
    let finish = vec![
        alter(table, TableAction::ValidateConstraint(check_name.clone())),
        alter(table, TableAction::SetNotNull(column.to_owned())),
        alter(table, TableAction::DropConstraint(check_name)),
    ];
    let step = Step::new(format!("make {table}.{column} NOT NULL"), finish)
        .in_stage(Stage::Finish)
        .with_note("validates the NOT VALID check first (SHARE UPDATE EXCLUSIVE), so SET NOT NULL needs no scan under its lock; fails if a NULL is present");
    p.push(Phase::AlterTables, step);
}

/// A name for a helper object, cut to PostgreSQL's 63 bytes.
fn helper_name(name: &str) -> String {
    let mut cut = name.to_owned();
    while cut.len() > crate::validate::MAX_IDENTIFIER_BYTES {
        cut.pop();
    }
    cut
}

/// Type changes that keep every value (the table is still rewritten).
fn is_widening(from: &SqlType, to: &SqlType) -> bool {
    let rank = |t: &str| ["smallint", "integer", "bigint", "numeric"].iter().position(|x| *x == t);
    match (rank(from.as_str()), rank(to.as_str())) {
        (Some(a), Some(b)) => a < b,
        _ => to.as_str() == "text" && !from.as_str().ends_with("[]"),
    }
}

fn constraints(p: &mut Planner<'_>, old: &Table, new: &Table) {
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

fn indexes(p: &mut Planner<'_>, old: &Table, new: &Table) {
    index_changes(p, &new.name, &old.indexes, &new.indexes, false);
}

/// Index changes on an existing table or materialized view: built and dropped
/// concurrently; a changed index is built anew before the old one is dropped,
/// so no moment is left without it. `recreated` says the relation itself is
/// created again by the plan, so every index of `new` is built.
pub(super) fn index_changes(p: &mut Planner<'_>, relation: &QualifiedName, old: &[Index], new: &[Index], recreated: bool) {
    let schema = relation.schema.clone();
    let objects = p.objects(|o| matches!(o, Object::Index { table, .. } if table == relation));
    let mut names: Vec<String> = objects.iter().filter_map(|o| match o { Object::Index { name, .. } => Some(name.clone()), _ => None }).collect();
    if recreated {
        names = new.iter().map(|i| i.name.clone()).collect();
    }
    for name in names {
        let object = Object::Index { table: relation.clone(), name: name.clone() };
        let (before, after) = (old.iter().find(|i| i.name == name), new.iter().find(|i| i.name == name));
        let build = |index: &Index| Statement::CreateIndex { table: relation.clone(), index: index.clone(), concurrently: true };
        match (before, after) {
            (_, Some(after)) if recreated => {
                let step = Step::new(format!("build index {name} on {relation}"), vec![build(after)]);
                p.push(Phase::Definitions, step.with_note("builds without blocking writes; outside a transaction"));
                index_comment(p, &schema, after, None);
            }
            (None, Some(after)) => {
                let step = Step::new(format!("build index {name} on {relation}"), vec![build(after)]);
                p.push(Phase::AlterTables, step.with_note("builds without blocking writes; outside a transaction"));
                index_comment(p, &schema, after, None);
            }
            (Some(_), None) => {
                let drop = Statement::DropIndex { schema: schema.clone(), name: name.clone(), concurrently: true };
                p.push(Phase::AlterTables, Step::new(format!("drop index {name} on {relation}"), vec![drop]));
            }
            (Some(before), Some(after)) => {
                let only_comment = p.changes_of(&object).iter().all(|k| matches!(k, ChangeKind::Altered { attribute: Attribute::Comment, .. }));
                if only_comment {
                    index_comment(p, &schema, after, Some(before));
                    continue;
                }
                if !before.valid {
                    // The leftover of a failed concurrent build: nobody uses it.
                    let drop = Statement::DropIndex { schema: schema.clone(), name: name.clone(), concurrently: true };
                    p.push(Phase::AlterTables, Step::new(format!("drop the INVALID index {name} on {relation}"), vec![drop]));
                    p.push(Phase::AlterTables, Step::new(format!("build index {name} on {relation}"), vec![build(after)]));
                } else {
                    replace_index(p, relation, before, after);
                }
                index_comment(p, &schema, after, None);
            }
            (None, None) => {}
        }
    }
}

/// The old index moves aside (a rename, SHARE UPDATE EXCLUSIVE), the new one
/// is built under the declared name, and the old one is dropped: queries have
/// an index the whole time.
fn replace_index(p: &mut Planner<'_>, relation: &QualifiedName, before: &Index, after: &Index) {
    let schema = &relation.schema;
    let aside = helper_name(&format!("{}_replaced", before.name));
    let rename = Statement::RenameIndex { schema: schema.clone(), name: before.name.clone(), to: aside.clone() };
    p.push(Phase::AlterTables, Step::new(format!("move index {} aside as {aside}", before.name), vec![rename]));
    let build = Statement::CreateIndex { table: relation.clone(), index: after.clone(), concurrently: true };
    p.push(Phase::AlterTables, Step::new(format!("build the new index {} on {relation}", after.name), vec![build]));
    let drop = Statement::DropIndex { schema: schema.clone(), name: aside, concurrently: true };
    p.push(Phase::AlterTables, Step::new(format!("drop the old index {} on {relation}", before.name), vec![drop]));
}

/// An index's comment, set once the index exists (after an online build).
fn index_comment(p: &mut Planner<'_>, schema: &str, index: &Index, before: Option<&Index>) {
    let old = before.map(|i| i.comment.as_str()).unwrap_or_default();
    if index.comment == old {
        return;
    }
    let target = Target::Index { schema: schema.to_owned(), name: index.name.clone() };
    let statement = Statement::Comment { target, text: (!index.comment.is_empty()).then(|| index.comment.clone()) };
    let step = Step::new(format!("comment on index {schema}.{}", index.name), vec![statement]).in_stage(Stage::Finish);
    p.push(Phase::Metadata, step);
}

fn policies(p: &mut Planner<'_>, old: &Table, new: &Table) {
    let table = &new.name;
    for object in p.objects(|o| matches!(o, Object::Policy { table: t, .. } if t == table)) {
        let Object::Policy { name, .. } = &object else { continue };
        let (before, after) = (old.policy(name), new.policy(name));
        let create = |policy: &Policy| Statement::CreatePolicy { table: table.clone(), policy: policy.clone() };
        match (before, after) {
            (None, Some(after)) => {
                p.push(Phase::Security, Step::new(format!("create policy {name} on {table}"), vec![create(after)]));
                comment(p, &Target::Policy { table: table.clone(), name: name.clone() }, &after.comment, None);
            }
            (Some(_), None) => {
                let drop = Statement::DropPolicy { table: table.clone(), name: name.clone() };
                p.push(Phase::DropDependents, Step::new(format!("drop policy {name} on {table}"), vec![drop]));
            }
            (Some(before), Some(after)) => {
                if (before.command, before.permissive) != (after.command, after.permissive) {
                    let drop = Statement::DropPolicy { table: table.clone(), name: name.clone() };
                    p.push(Phase::Security, Step::new(format!("recreate policy {name} on {table}"), vec![drop, create(after)]));
                } else if !same_rule(before, after) {
                    let statement = Statement::AlterPolicy { table: table.clone(), policy: after.clone() };
                    p.push(Phase::Security, Step::new(format!("alter policy {name} on {table}"), vec![statement]));
                }
                let target = Target::Policy { table: table.clone(), name: name.clone() };
                let recreated = (before.command, before.permissive) != (after.command, after.permissive);
                let old_comment = if recreated { "" } else { before.comment.as_str() };
                metadata(p, &object, &target, ("", ""), (old_comment, &after.comment), (&[], &[]));
            }
            (None, None) => {}
        }
    }
}

fn same_rule(a: &Policy, b: &Policy) -> bool {
    let normalized = |e: &Option<String>| e.as_deref().map(crate::expr::normalize);
    let mut roles = (a.roles.clone(), b.roles.clone());
    roles.0.sort();
    roles.1.sort();
    roles.0 == roles.1 && normalized(&a.using) == normalized(&b.using) && normalized(&a.with_check) == normalized(&b.with_check)
}

fn triggers(p: &mut Planner<'_>, old: &Table, new: &Table) {
    let table = &new.name;
    for object in p.objects(|o| matches!(o, Object::Trigger { table: t, .. } if t == table)) {
        let Object::Trigger { name, .. } = &object else { continue };
        let (before, after) = (old.trigger(name), new.trigger(name));
        match (before, after) {
            (None, Some(after)) => create_trigger(p, table, after, false),
            (Some(_), None) => {
                let drop = Statement::DropTrigger { table: table.clone(), name: name.clone() };
                p.push(Phase::DropDependents, Step::new(format!("drop trigger {name} on {table}"), vec![drop]));
            }
            (Some(before), Some(after)) => {
                if trigger_definition(before) != trigger_definition(after) {
                    let drop = Statement::DropTrigger { table: table.clone(), name: name.clone() };
                    let create = Statement::CreateTrigger { table: table.clone(), trigger: after.clone() };
                    p.push(Phase::Security, Step::new(format!("recreate trigger {name} on {table}"), vec![drop, create]));
                } else if before.enabled != after.enabled {
                    let action = TableAction::SetTrigger { name: name.clone(), enabled: after.enabled };
                    p.push(Phase::Security, Step::new(format!("{} {name} on {table}", after.enabled.sql().to_lowercase()), vec![alter(table, action)]));
                }
                let target = Target::Trigger { table: table.clone(), name: name.clone() };
                metadata(p, &object, &target, ("", ""), (&before.comment, &after.comment), (&[], &[]));
            }
            (None, None) => {}
        }
    }
}

/// What a trigger does, apart from its state and comment.
fn trigger_definition(t: &Trigger) -> (TriggerTiming, &[TriggerEvent], bool, &[String], Option<String>, &QualifiedName, &[String]) {
    (t.timing, &t.events, t.for_each_statement, &t.update_of, t.when.as_deref().map(crate::expr::normalize), &t.function, &t.arguments)
}

/// Creates a trigger (its function must exist: the planner creates functions
/// in the definitions phase, before security).
pub(super) fn create_trigger(p: &mut Planner<'_>, table: &QualifiedName, trigger: &Trigger, new_table: bool) {
    let statement = Statement::CreateTrigger { table: table.clone(), trigger: trigger.clone() };
    let step = Step::new(format!("create trigger {} on {table}", trigger.name), vec![statement]);
    p.push(Phase::Security, if new_table { step.on_new_relation() } else { step });
    if !new_table {
        comment(p, &Target::Trigger { table: table.clone(), name: trigger.name.clone() }, &trigger.comment, None);
    }
}
