//! Planning the policies and triggers of an existing table.

use super::alter;
use crate::plan::objects::{comment, metadata};
use crate::plan::{Phase, Planner, Step};
use crate::catalog::Table;
use crate::compare::Object;
use crate::model::*;
use crate::sql::{Statement, TableAction, Target};

pub(super) fn policies(p: &mut Planner<'_>, old: &Table, new: &Table) {
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

pub(super) fn triggers(p: &mut Planner<'_>, old: &Table, new: &Table) {
    let table = &new.name;
    for object in p.objects(|o| matches!(o, Object::Trigger { table: t, .. } if t == table)) {
        let Object::Trigger { name, .. } = &object else { continue };
        let (before, after) = (old.trigger(name).cloned(), new.trigger(name).cloned());
        trigger_steps(p, &object, table, name, before.as_ref(), after.as_ref());
    }
}

/// The project's triggers on tables the platform provides (which the plan
/// never creates or alters): created after the functions they call, dropped
/// before them, recreated when their definition changes.
pub(in crate::plan) fn provided_table_triggers(p: &mut Planner<'_>) {
    let provided = |t: &QualifiedName| p.new.table(t).is_none() && p.old.table(t).is_none();
    for object in p.objects(|o| matches!(o, Object::Trigger { table, .. } if provided(table))) {
        let Object::Trigger { table, name } = &object else { continue };
        let before = p.old.provided_table_trigger(table, name).cloned();
        let after = p.new.provided_table_trigger(table, name).cloned();
        trigger_steps(p, &object, table, name, before.as_ref(), after.as_ref());
    }
}

fn trigger_steps(p: &mut Planner<'_>, object: &Object, table: &QualifiedName, name: &str, before: Option<&Trigger>, after: Option<&Trigger>) {
    match (before, after) {
        (None, Some(after)) => create_trigger(p, table, after, false),
        (Some(_), None) => {
            let drop = Statement::DropTrigger { table: table.clone(), name: name.to_owned() };
            p.push(Phase::DropDependents, Step::new(format!("drop trigger {name} on {table}"), vec![drop]));
        }
        (Some(before), Some(after)) => {
            if trigger_definition(before) != trigger_definition(after) {
                let drop = Statement::DropTrigger { table: table.clone(), name: name.to_owned() };
                let create = Statement::CreateTrigger { table: table.clone(), trigger: after.clone() };
                p.push(Phase::Security, Step::new(format!("recreate trigger {name} on {table}"), vec![drop, create]));
            } else if before.enabled != after.enabled {
                let action = TableAction::SetTrigger { name: name.to_owned(), enabled: after.enabled };
                p.push(Phase::Security, Step::new(format!("{} {name} on {table}", after.enabled.sql().to_lowercase()), vec![alter(table, action)]));
            }
            let target = Target::Trigger { table: table.clone(), name: name.to_owned() };
            metadata(p, object, &target, ("", ""), (&before.comment, &after.comment), (&[], &[]));
        }
        (None, None) => {}
    }
}

/// What a trigger does, apart from its state and comment: everything only a
/// DROP and CREATE can change.
fn trigger_definition(t: &Trigger) -> Trigger {
    Trigger { when: t.when.as_deref().map(crate::expr::normalize), enabled: TriggerEnabled::Origin, comment: String::new(), ..t.clone() }
}

/// Creates a trigger (its function must exist: the planner creates functions
/// in the definitions phase, before security).
pub(in crate::plan) fn create_trigger(p: &mut Planner<'_>, table: &QualifiedName, trigger: &Trigger, new_table: bool) {
    let statement = Statement::CreateTrigger { table: table.clone(), trigger: trigger.clone() };
    let step = Step::new(format!("create trigger {} on {table}", trigger.name), vec![statement]);
    p.push(Phase::Security, if new_table { step.on_new_relation() } else { step });
    if !new_table {
        comment(p, &Target::Trigger { table: table.clone(), name: trigger.name.clone() }, &trigger.comment, None);
    }
}
