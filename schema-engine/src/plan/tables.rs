//! Planning tables: the table itself, its columns, constraints, indexes,
//! policies and triggers.
//!
//! On a table that exists, nothing holds a write-blocking lock for longer
//! than a moment: indexes are built and dropped `CONCURRENTLY` outside the
//! transaction, CHECKs and foreign keys are added `NOT VALID` and validated in
//! the next migration, SET NOT NULL goes through a validated CHECK, and keys
//! are built as indexes first. A new table gets everything in the creating
//! transaction, where nobody can be waiting for it. Columns are planned in
//! [`columns`], constraints in [`constraints`], indexes in [`indexes`],
//! policies and triggers in [`security`].

mod columns;
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
    security::provided_table_triggers(p);
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
    for column in table.columns.iter().filter(|c| c.identity.is_some()) {
        columns::identity_sequence_privileges(p, name, &column.name);
    }
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
            Attribute::ReplicaIdentity => {
                replica_identity(p, name, &new.replica_identity);
                continue;
            }
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
    columns::columns(p, old, new);
    constraints::constraints(p, old, new);
    indexes::index_changes(p, &new.name, &old.indexes, &new.indexes, false);
    security::policies(p, old, new);
    security::triggers(p, old, new);
}

/// `REPLICA IDENTITY`: catalog-only, under ACCESS EXCLUSIVE for a moment. An
/// index that is built (or replaced) online, or a key attached to one, exists
/// only once the online steps are done, so a replica identity using it waits
/// for them.
fn replica_identity(p: &mut Planner<'_>, table: &QualifiedName, identity: &ReplicaIdentity) {
    let step = Step::new(format!("replica identity of {table}"), vec![alter(table, TableAction::ReplicaIdentity(identity.clone()))]);
    let built_online = |index: &str| {
        !p.objects(|o| match o {
            Object::Index { table: t, name } | Object::Constraint { table: t, name } => t == table && name == index,
            _ => false,
        })
        .is_empty()
    };
    match identity {
        ReplicaIdentity::Index(index) if built_online(index) => p.push(Phase::Security, step.in_stage(Stage::Finish)),
        _ => p.push(Phase::AlterTables, step),
    }
}

/// A name for a helper object, cut to PostgreSQL's 63 bytes.
pub(super) fn helper_name(name: &str) -> String {
    let mut cut = name.to_owned();
    while cut.len() > crate::validate::MAX_IDENTIFIER_BYTES {
        cut.pop();
    }
    cut
}
