//! Planning function changes: created, replaced (same arguments and result),
//! dropped and created again (otherwise), dropped; their grants and schedules.

use super::{Phase, Planner, Step};
use crate::model::*;
use crate::sql::{Alter, CommentTarget, GrantObject, Statement};

pub(super) fn plan(p: &mut Planner, old: &Schema, new: &Schema) {
    for function in &new.functions {
        let previous = old.function(&function.name);
        match previous {
            Some(previous) if previous == function => continue,
            Some(previous) if same_signature(previous, function) => {
                if definition_differs(previous, function) {
                    p.push(Phase::Functions, Step::safe(format!("replace function {}", function.name), Statement::ReplaceFunction(function).render()));
                }
            }
            Some(previous) => {
                p.push(Phase::DropDependents, Step::safe(format!("drop function {}", previous.name), Alter::DropFunction(previous).render()));
                p.push(Phase::Functions, Step::safe(format!("create function {}", function.name), Statement::CreateFunction(function).render()));
            }
            None => p.push(Phase::Functions, Step::safe(format!("create function {}", function.name), Statement::CreateFunction(function).render())),
        }
        let recreated = previous.is_none_or(|o| !same_signature(o, function));
        if recreated || previous.is_some_and(|o| o.comment != function.comment) {
            let sql = Statement::Comment { target: CommentTarget::Function(function), text: &function.comment }.render();
            p.push(Phase::Metadata, Step::safe(format!("comment on function {}", function.name), sql));
        }
        if recreated || previous.is_some_and(|o| o.execute_roles != function.execute_roles) {
            let mut sql = vec![Statement::RevokeAll { object: GrantObject::Function(function), roles: &new.api_roles }.render()];
            sql.extend(function.execute_roles.iter().map(|role| Statement::GrantExecute { function, role }.render()));
            p.push(Phase::Metadata, Step::safe(format!("privileges on function {}", function.name), sql.join("\n")));
        }
        if previous.map(|o| &o.schedule) != Some(&function.schedule) {
            if let Some(schedule) = previous.and_then(|o| o.schedule.as_ref()) {
                p.push(Phase::Functions, Step::safe(format!("unschedule job {}", schedule.job_name), Alter::Unschedule { job_name: &schedule.job_name }.render()));
            }
            if function.schedule.is_some() {
                p.push(Phase::Functions, Step::safe(format!("schedule function {}", function.name), Statement::ScheduleFunction(function).render()));
            }
        }
    }
    for function in old.functions.iter().filter(|f| new.function(&f.name).is_none()) {
        if let Some(schedule) = &function.schedule {
            p.push(Phase::DropDependents, Step::safe(format!("unschedule job {}", schedule.job_name), Alter::Unschedule { job_name: &schedule.job_name }.render()));
        }
        p.push(Phase::DropDependents, Step::safe(format!("drop function {}", function.name), Alter::DropFunction(function).render()));
    }
}

fn same_signature(a: &Function, b: &Function) -> bool {
    let types = |f: &Function| f.arguments.iter().map(|x| x.data_type.clone()).collect::<Vec<_>>();
    types(a) == types(b) && a.returns == b.returns && a.arguments.iter().map(|x| &x.name).eq(b.arguments.iter().map(|x| &x.name))
}

/// Whether CREATE OR REPLACE has anything to change (grants, comments and
/// schedules are separate statements).
fn definition_differs(a: &Function, b: &Function) -> bool {
    (&a.body, &a.language, a.volatility, a.security_definer, &a.search_path)
        != (&b.body, &b.language, b.volatility, b.security_definer, &b.search_path)
}
