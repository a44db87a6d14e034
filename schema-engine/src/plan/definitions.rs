//! Planning views, materialized views, functions and pg_cron jobs: the
//! objects defined by a body, which depend on each other through it.
//!
//! A view whose columns keep their names and types (new ones may be appended)
//! is replaced with CREATE OR REPLACE; a function whose arguments and result
//! stay is replaced likewise. Anything else is dropped and created again,
//! together with every view that reads it, directly or not, and every trigger
//! and policy that calls a function so dropped: dependents are found from the
//! SQL ([`crate::dependencies`]), never listed by hand. A materialized view is
//! recomputed when its query changes, and its indexes are built concurrently.
//! An object that goes away while a view replaced in place still reads it is
//! dropped after that view stops reading it (a view that loses its cache).

use super::objects::{comment, metadata, new_grants};
use super::{tables, Phase, Planner, Step};
use crate::catalog::{Catalog, Function, View};
use crate::compare::{Attribute, ChangeKind, Object};
use crate::dependencies::{creation_order, dependencies_of, Node};
use crate::model::{QualifiedName, ViewColumn};
use crate::sql::{Statement, Target};

pub(super) fn plan(p: &mut Planner<'_>) {
    let new_order = match creation_order(p.new) {
        Ok(order) => order,
        Err(message) => {
            p.cannot("views".to_owned(), message);
            return;
        }
    };
    let old_order = creation_order(p.old).unwrap_or_default();
    let (dropped, late) = dropped_nodes(p, &old_order);
    for node in old_order.iter().rev().filter(|n| dropped.contains(n)) {
        let phase = if late.contains(node) { Phase::LateDrops } else { Phase::DropDependents };
        drop_node(p, node, phase);
    }
    for node in &new_order {
        let recreated = dropped.contains(node) || !exists(p.old, node);
        match node {
            Node::View(name) => view(p, name, recreated),
            Node::MaterializedView(name) => materialized_view(p, name, recreated),
            Node::Function(id) => {
                if let Some(function) = p.new.function(id).cloned() {
                    function_steps(p, &function, recreated);
                }
            }
            Node::Table(_) => {}
        }
    }
    jobs(p);
}

fn exists(catalog: &Catalog, node: &Node) -> bool {
    match node {
        Node::View(name) => catalog.view(name).is_some(),
        Node::MaterializedView(name) => catalog.materialized_view(name).is_some(),
        Node::Function(id) => catalog.function(id).is_some(),
        Node::Table(name) => catalog.table(name).is_some(),
    }
}

/// The old objects to drop, and among them those to drop late (removed, but
/// read by a view that stays and is replaced in place).
fn dropped_nodes(p: &Planner<'_>, old_order: &[Node]) -> (Vec<Node>, Vec<Node>) {
    let mut dropped: Vec<Node> = old_order.iter().filter(|node| must_drop(p, node)).cloned().collect();
    // What reads something recreated (or a reshaped table) is recreated too.
    loop {
        let before = dropped.len();
        for node in old_order {
            if dropped.contains(node) {
                continue;
            }
            let reads_recreated = dependencies_of(p.old, node).iter().any(|d| match d {
                Node::Table(name) => p.reshaped_tables.contains(name),
                other => dropped.contains(other) && exists(p.new, other),
            });
            if reads_recreated {
                dropped.push(node.clone());
            }
        }
        if dropped.len() == before {
            break;
        }
    }
    let late = dropped
        .iter()
        .filter(|node| !exists(p.new, node))
        .filter(|node| old_order.iter().any(|other| !dropped.contains(other) && dependencies_of(p.old, other).contains(node)))
        .cloned()
        .collect();
    (dropped, late)
}

/// Whether an old object cannot be kept or replaced in place.
fn must_drop(p: &Planner<'_>, node: &Node) -> bool {
    let altered = |object: &Object, attributes: &[Attribute]| {
        p.changes_of(object).iter().any(|k| matches!(k, ChangeKind::Altered { attribute, .. } if attributes.contains(attribute)))
    };
    match node {
        Node::View(name) => match (p.old.view(name), p.new.view(name)) {
            (Some(old), Some(new)) => !columns_extend(&old.columns, &new.columns),
            _ => true,
        },
        Node::MaterializedView(name) => {
            p.new.materialized_view(name).is_none()
                || altered(&Object::MaterializedView { name: name.clone() }, &[Attribute::Definition, Attribute::StorageParameters])
                || p.old.materialized_view(name).zip(p.new.materialized_view(name)).is_some_and(|(a, b)| !same_columns(&a.columns, &b.columns))
        }
        Node::Function(id) => {
            p.new.function(id).is_none()
                || altered(&Object::Function { id: id.clone() }, &[Attribute::Returns, Attribute::ArgumentNames, Attribute::ArgumentDefaults])
        }
        Node::Table(_) => false,
    }
}

/// Whether `next` keeps every column of `previous` (same name and type, same
/// position): the condition for CREATE OR REPLACE VIEW.
fn columns_extend(previous: &[ViewColumn], next: &[ViewColumn]) -> bool {
    previous.len() <= next.len() && previous.iter().zip(next).all(|(a, b)| a.name == b.name && a.data_type == b.data_type)
}

fn same_columns(a: &[ViewColumn], b: &[ViewColumn]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.name == y.name && x.data_type == y.data_type)
}

fn drop_node(p: &mut Planner<'_>, node: &Node, phase: Phase) {
    let (description, statement) = match node {
        Node::View(name) => (format!("drop view {name}"), Statement::DropView(name.clone())),
        Node::MaterializedView(name) => (format!("drop materialized view {name}"), Statement::DropMaterializedView(name.clone())),
        Node::Function(id) => {
            calls_of_dropped_function(p, &id.name);
            (format!("drop function {id}"), Statement::DropFunction(id.clone()))
        }
        Node::Table(_) => return,
    };
    p.push(phase, Step::new(description, vec![statement]));
}

/// PostgreSQL keeps a function from being dropped while a trigger or a policy
/// calls it: those are dropped first and, where they stay, created again.
fn calls_of_dropped_function(p: &mut Planner<'_>, function: &QualifiedName) {
    for provided in p.old.provided_table_triggers.clone().iter().filter(|t| &t.trigger.function == function) {
        let (name, trigger) = (&provided.table, &provided.trigger);
        let object = Object::Trigger { table: name.clone(), name: trigger.name.clone() };
        if !p.changes_of(&object).is_empty() {
            continue; // tables::provided_table_triggers drops (and recreates) it already
        }
        let drop = Statement::DropTrigger { table: name.clone(), name: trigger.name.clone() };
        p.push(Phase::DropDependents, Step::new(format!("drop trigger {} on {name}", trigger.name), vec![drop]));
        if let Some(kept) = p.new.provided_table_trigger(name, &trigger.name).cloned() {
            tables::create_trigger(p, name, &kept, false);
        }
    }
    let tables: Vec<_> = p.old.tables.clone();
    for table in &tables {
        let name = &table.name;
        for trigger in table.triggers.iter().filter(|t| &t.function == function) {
            let object = Object::Trigger { table: name.clone(), name: trigger.name.clone() };
            if !p.changes_of(&object).is_empty() {
                continue; // tables::triggers drops (and recreates) it already
            }
            let drop = Statement::DropTrigger { table: name.clone(), name: trigger.name.clone() };
            p.push(Phase::DropDependents, Step::new(format!("drop trigger {} on {name}", trigger.name), vec![drop]));
            if let Some(kept) = p.new.table(name).and_then(|t| t.trigger(&trigger.name)).cloned() {
                tables::create_trigger(p, name, &kept, false);
            }
        }
        for policy in &table.policies {
            let calls = [&policy.using, &policy.with_check].into_iter().flatten().any(|e| crate::dependencies::calls(e, function));
            let object = Object::Policy { table: name.clone(), name: policy.name.clone() };
            if !calls || !p.changes_of(&object).is_empty() {
                continue;
            }
            let drop = Statement::DropPolicy { table: name.clone(), name: policy.name.clone() };
            p.push(Phase::DropDependents, Step::new(format!("drop policy {} on {name}", policy.name), vec![drop]));
            if let Some(kept) = p.new.table(name).and_then(|t| t.policy(&policy.name)).cloned() {
                let create = Statement::CreatePolicy { table: name.clone(), policy: kept.clone() };
                p.push(Phase::Security, Step::new(format!("create policy {} on {name}", kept.name), vec![create]));
                comment(p, &Target::Policy { table: name.clone(), name: kept.name.clone() }, &kept.comment, None);
            }
        }
    }
}

fn view(p: &mut Planner<'_>, name: &QualifiedName, recreated: bool) {
    let Some(new) = p.new.view(name).cloned() else { return };
    let object = Object::View { name: name.clone() };
    let target = Target::View(name.clone());
    if recreated {
        let verb = if p.old.view(name).is_some() { "recreate" } else { "create" };
        p.push(Phase::Definitions, Step::new(format!("{verb} view {name}"), vec![Statement::CreateView { view: new.clone(), replace: false }]));
        comment(p, &target, &new.comment, None);
        column_comments(p, name, &new.columns);
        new_grants(p, &target, &new.grants);
        return;
    }
    let Some(old) = p.old.view(name).cloned() else { return };
    let appended = new.columns.len() > old.columns.len();
    let redefined = p.has(&object, |k| matches!(k, ChangeKind::Altered { attribute: Attribute::Definition, .. }));
    if redefined || appended {
        p.push(Phase::Definitions, Step::new(format!("replace view {name}"), vec![Statement::CreateView { view: new.clone(), replace: true }]));
    } else if old.options != new.options {
        view_options(p, &old, &new);
    }
    metadata(p, &object, &target, (&old.owner, &new.owner), (&old.comment, &new.comment), (&old.grants, &new.grants));
    view_columns(p, name, &old.columns, &new.columns);
}

/// `ALTER VIEW … SET / RESET` for options that differ (a replaced view takes
/// its options from CREATE OR REPLACE).
fn view_options(p: &mut Planner<'_>, old: &View, new: &View) {
    let (before, after) = (old.options.listed(), new.options.listed());
    let set: Vec<String> = after.iter().filter(|o| !before.contains(o)).cloned().collect();
    let reset: Vec<String> = before
        .iter()
        .filter_map(|o| o.split_once('=').map(|(k, _)| k.to_owned()))
        .filter(|k| !after.iter().any(|o| o.starts_with(&format!("{k}="))))
        .collect();
    let statement = Statement::AlterViewOptions { view: new.name.clone(), set, reset };
    p.push(Phase::Definitions, Step::new(format!("options of view {}", new.name), vec![statement]));
}

fn column_comments(p: &mut Planner<'_>, relation: &QualifiedName, columns: &[ViewColumn]) {
    for column in columns {
        let target = Target::Column { relation: relation.clone(), column: column.name.clone() };
        comment(p, &target, &column.comment, None);
        if !column.grants.is_empty() {
            let statements = super::objects::grant_statements(&target, &column.grants);
            p.push(Phase::Metadata, Step::new(format!("privileges on column {relation}.{}", column.name), statements));
        }
    }
}

/// Comment and privilege changes of the columns a view keeps; a column it
/// gains gets its comment.
fn view_columns(p: &mut Planner<'_>, relation: &QualifiedName, old: &[ViewColumn], new: &[ViewColumn]) {
    for column in new {
        let target = Target::Column { relation: relation.clone(), column: column.name.clone() };
        let object = Object::ViewColumn { view: relation.clone(), name: column.name.clone() };
        match old.iter().find(|c| c.name == column.name) {
            Some(before) => metadata(p, &object, &target, ("", ""), (&before.comment, &column.comment), (&before.grants, &column.grants)),
            None => comment(p, &target, &column.comment, None),
        }
    }
}

fn materialized_view(p: &mut Planner<'_>, name: &QualifiedName, recreated: bool) {
    let Some(new) = p.new.materialized_view(name).cloned() else { return };
    let object = Object::MaterializedView { name: name.clone() };
    let target = Target::MaterializedView(name.clone());
    if recreated {
        let verb = if p.old.materialized_view(name).is_some() { "recompute" } else { "create" };
        let create = Statement::CreateMaterializedView(crate::catalog::MaterializedView { indexes: Vec::new(), ..new.clone() });
        let step = Step::new(format!("{verb} materialized view {name}"), vec![create])
            .on_new_relation()
            .with_note("computes its rows now, reading its sources under ACCESS SHARE (writes go on)");
        p.push(Phase::Definitions, step);
        tables::index_changes(p, name, &[], &new.indexes, true);
        comment(p, &target, &new.comment, None);
        column_comments(p, name, &new.columns);
        new_grants(p, &target, &new.grants);
        return;
    }
    let Some(old) = p.old.materialized_view(name).cloned() else { return };
    metadata(p, &object, &target, (&old.owner, &new.owner), (&old.comment, &new.comment), (&old.grants, &new.grants));
    view_columns(p, name, &old.columns, &new.columns);
    tables::index_changes(p, name, &old.indexes, &new.indexes, false);
}

fn function_steps(p: &mut Planner<'_>, new: &Function, recreated: bool) {
    let id = new.id();
    let object = Object::Function { id: id.clone() };
    let target = Target::Function(id.clone());
    if recreated {
        p.push(Phase::Definitions, Step::new(format!("create function {id}"), vec![Statement::CreateFunction { function: new.clone(), replace: false }]));
        comment(p, &target, &new.comment, None);
        new_grants(p, &target, &new.grants);
        return;
    }
    let Some(old) = p.old.function(&id).cloned() else { return };
    let definition = [
        Attribute::Body,
        Attribute::Language,
        Attribute::Volatility,
        Attribute::Strict,
        Attribute::Leakproof,
        Attribute::Parallel,
        Attribute::Security,
        Attribute::Config,
        Attribute::Cost,
        Attribute::Rows,
    ];
    if p.has(&object, |k| matches!(k, ChangeKind::Altered { .. })) {
        let redefined = p.changes_of(&object).iter().any(|k| matches!(k, ChangeKind::Altered { attribute, .. } if definition.contains(attribute)));
        if redefined {
            let statement = Statement::CreateFunction { function: new.clone(), replace: true };
            p.push(Phase::Definitions, Step::new(format!("replace function {id}"), vec![statement]));
        }
    }
    metadata(p, &object, &target, (&old.owner, &new.owner), (&old.comment, &new.comment), (&old.grants, &new.grants));
}

fn jobs(p: &mut Planner<'_>) {
    for object in p.objects(|o| matches!(o, Object::Job { .. })) {
        let Object::Job { name } = &object else { continue };
        let (old, new) = (p.old.job(name).cloned(), p.new.job(name).cloned());
        match (old, new) {
            (_, Some(job)) => {
                let kinds = p.changes_of(&object);
                let reschedule = kinds.iter().any(|k| {
                    matches!(k, ChangeKind::Added | ChangeKind::Altered { attribute: Attribute::Schedule | Attribute::JobCommand, .. })
                });
                let activate = kinds.iter().any(|k| matches!(k, ChangeKind::Altered { attribute: Attribute::Active, .. }));
                if reschedule {
                    p.push(Phase::Jobs, Step::new(format!("schedule pg_cron job {name}"), vec![Statement::Schedule(job.clone())]));
                }
                if activate && job.active {
                    p.push(Phase::Jobs, Step::new(format!("activate pg_cron job {name}"), vec![Statement::ActivateJob { name: name.clone() }]));
                }
            }
            (Some(_), None) => {
                p.push(Phase::DropDependents, Step::new(format!("unschedule pg_cron job {name}"), vec![Statement::Unschedule { name: name.clone() }]));
            }
            (None, None) => {}
        }
    }
}
