//! Comparing one table: its comment, columns, constraints, indexes, row level
//! security, policies, grants and triggers.

use super::{list, Differences, ObjectKind, ObjectRef};
use crate::model::{
    Column, Constraint, ConstraintKind, Grant, Index, Policy, Privilege, Table, Trigger, TriggerTiming,
};
use crate::sql::quote::{ident, literal};
use crate::sql::render_constraint;

pub(super) fn compare(out: &mut Differences, expected: &Table, actual: &Table) {
    let table = &expected.name;
    let object = ObjectRef::top(ObjectKind::Table, table);
    out.comment(&object, &expected.comment, &actual.comment);
    out.members(ObjectKind::Column, table, &expected.columns, &actual.columns, |c| &c.name, column);
    out.members(ObjectKind::Constraint, table, &expected.constraints, &actual.constraints, |c| &c.name, constraint);
    out.members(ObjectKind::Index, table, &expected.indexes, &actual.indexes, |i| &i.name, index);
    let switch = |on: bool, yes: &str, no: &str| if on { yes } else { no }.to_owned();
    out.property(
        &object,
        "row level security",
        switch(expected.rls.enabled, "enabled", "disabled"),
        switch(actual.rls.enabled, "enabled", "disabled"),
    );
    out.property(
        &object,
        "forced row level security",
        switch(expected.rls.forced, "forced", "not forced"),
        switch(actual.rls.forced, "forced", "not forced"),
    );
    out.members(ObjectKind::Policy, table, &expected.policies, &actual.policies, |p| &p.name, policy);
    grants(out, &object, &expected.grants, &actual.grants);
    out.members(ObjectKind::Trigger, table, &expected.triggers, &actual.triggers, |t| &t.name, trigger);
}

fn column(out: &mut Differences, object: &ObjectRef, expected: &Column, actual: &Column) {
    out.property(object, "type", expected.data_type.to_string(), actual.data_type.to_string());
    let nullability = |c: &Column| if c.nullable { "nullable" } else { "NOT NULL" }.to_owned();
    out.property(object, "nullability", nullability(expected), nullability(actual));
    out.expression(object, "default", expected.default.as_deref(), actual.default.as_deref());
    out.comment(object, &expected.comment, &actual.comment);
}

fn constraint(out: &mut Differences, object: &ObjectRef, expected: &Constraint, actual: &Constraint) {
    let same = match (check_expression(&expected.kind), check_expression(&actual.kind)) {
        // Postgres stores a text enum's `IN (...)` as `= ANY (ARRAY[...])`, which reads
        // back as either kind: compare what the two check, not how they are modelled.
        (Some(e), Some(a)) => crate::expr::normalize(&e) == crate::expr::normalize(&a),
        _ => expected.kind == actual.kind,
    };
    if !same {
        out.property(object, "definition", definition(expected), definition(actual));
    }
}

/// The boolean expression a CHECK-like constraint enforces.
fn check_expression(kind: &ConstraintKind) -> Option<String> {
    match kind {
        ConstraintKind::Check { expression } => Some(expression.clone()),
        ConstraintKind::AllowedValues { column, values } => {
            let values: Vec<String> = values.iter().map(|v| literal(v)).collect();
            Some(format!("{} IN ({})", ident(column), values.join(", ")))
        }
        _ => None,
    }
}

/// The constraint as DDL, without its name (which the object already shows).
fn definition(constraint: &Constraint) -> String {
    let rendered = render_constraint(constraint);
    let prefix = format!("CONSTRAINT {} ", ident(&constraint.name));
    rendered.strip_prefix(&prefix).map_or_else(|| rendered.clone(), str::to_owned)
}

fn index(out: &mut Differences, object: &ObjectRef, expected: &Index, actual: &Index) {
    out.property(object, "method", expected.method.sql().to_owned(), actual.method.sql().to_owned());
    let uniqueness = |i: &Index| if i.unique { "unique" } else { "not unique" }.to_owned();
    out.property(object, "uniqueness", uniqueness(expected), uniqueness(actual));
    let keys = |i: &Index| {
        let keys: Vec<String> = i
            .columns
            .iter()
            .map(|c| if c.descending { format!("{} DESC", c.column) } else { c.column.clone() })
            .collect();
        list(&keys)
    };
    out.property(object, "key columns", keys(expected), keys(actual));
    out.property(object, "INCLUDE columns", list(&expected.include), list(&actual.include));
    out.expression(object, "predicate", expected.predicate.as_deref(), actual.predicate.as_deref());
}

fn policy(out: &mut Differences, object: &ObjectRef, expected: &Policy, actual: &Policy) {
    out.property(object, "command", expected.command.sql().to_owned(), actual.command.sql().to_owned());
    let kind = |p: &Policy| if p.permissive { "PERMISSIVE" } else { "RESTRICTIVE" }.to_owned();
    out.property(object, "kind", kind(expected), kind(actual));
    let roles = |p: &Policy| {
        let mut roles = p.roles.clone();
        roles.sort();
        list(&roles)
    };
    out.property(object, "roles", roles(expected), roles(actual));
    out.expression(object, "USING", expected.using.as_deref(), actual.using.as_deref());
    out.expression(object, "WITH CHECK", expected.with_check.as_deref(), actual.with_check.as_deref());
    out.comment(object, &expected.comment, &actual.comment);
}

/// Privileges per role, one difference for each role whose set differs (for
/// tables and views alike).
pub(super) fn grants(out: &mut Differences, table: &ObjectRef, expected: &[Grant], actual: &[Grant]) {
    let privileges = |grants: &[Grant], role: &str| {
        let mut privileges: Vec<Privilege> =
            grants.iter().filter(|g| g.role == role).flat_map(|g| g.privileges.iter().copied()).collect();
        privileges.sort();
        privileges.dedup();
        let names: Vec<&str> = privileges.iter().map(|p| p.sql()).collect();
        list(&names)
    };
    let mut roles: Vec<&str> = expected.iter().chain(actual).map(|g| g.role.as_str()).collect();
    roles.sort();
    roles.dedup();
    for role in roles {
        out.property(table, &format!("privileges of {role}"), privileges(expected, role), privileges(actual, role));
    }
}

fn trigger(out: &mut Differences, object: &ObjectRef, expected: &Trigger, actual: &Trigger) {
    let timing = |t: &Trigger| {
        match t.timing {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
        }
        .to_owned()
    };
    out.property(object, "timing", timing(expected), timing(actual));
    let events = |t: &Trigger| {
        let mut events = t.events.clone();
        events.sort();
        events.dedup();
        let names: Vec<&str> = events.iter().map(|e| e.sql()).collect();
        list(&names)
    };
    out.property(object, "events", events(expected), events(actual));
    out.property(object, "function", expected.function.to_string(), actual.function.to_string());
}
