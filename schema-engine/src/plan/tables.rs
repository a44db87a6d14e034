//! Planning tables: the table itself, its columns, constraints, indexes,
//! policies and triggers.
//!
//! On a table that exists, nothing holds a write-blocking lock for longer
//! than a moment: indexes are built and dropped `CONCURRENTLY` outside the
//! transaction, CHECKs and foreign keys are added `NOT VALID` and validated in
//! the next migration, SET NOT NULL goes through a validated CHECK, and keys
//! are built as indexes first. A new table gets everything in the creating
//! transaction, where nobody can be waiting for it.

mod constraints;
mod indexes;
mod security;

pub(in crate::plan) use indexes::index_changes;
pub(in crate::plan) use security::create_trigger;

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
        security::create_trigger(p, name, trigger, true);
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

pub(super) fn alter(table: &QualifiedName, action: TableAction) -> Statement {
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
    constraints::constraints(p, old, new);
    indexes::index_changes(p, &new.name, &old.indexes, &new.indexes, false);
    security::policies(p, old, new);
    security::triggers(p, old, new);
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
        alter(table, TableAction::DropHelperCheck(check_name)),
    ];
    let step = Step::new(format!("make {table}.{column} NOT NULL"), finish)
        .in_stage(Stage::Finish)
        .with_note("validates the NOT VALID check first (SHARE UPDATE EXCLUSIVE), so SET NOT NULL needs no scan under its lock; fails if a NULL is present");
    p.push(Phase::AlterTables, step);
}

/// A name for a helper object, cut to PostgreSQL's 63 bytes.
pub(super) fn helper_name(name: &str) -> String {
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
