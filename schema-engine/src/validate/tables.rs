//! Checks of one table against the whole schema and its platform: columns and
//! their types, constraints (foreign keys to declared or provided tables),
//! identity columns, indexes, policies, triggers, grants, replica identity,
//! publications and row level security.

use super::{check_type_reference, Context, Errors};
use crate::expr;
use crate::model::*;
use std::collections::BTreeMap;

pub(super) fn check_table(context: &Context<'_>, table: &Table, errors: &mut Errors) {
    let object = format!("table {}", table.name);
    errors.check_length(&object, &table.name.name);
    let mut column_names = BTreeMap::new();
    for column in &table.columns {
        errors.check_length(&object, &column.name);
        *column_names.entry(column.name.as_str()).or_insert(0) += 1;
        check_type_reference(context, &format!("column {}.{}", table.name, column.name), &column.data_type, errors);
        check_identity(table, column, errors);
    }
    for (name, count) in column_names.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(&object, format!("column `{name}` is declared {count} times"));
    }
    check_constraints(context, table, errors);
    check_indexes(table, errors);
    check_policies(context, table, &object, errors);
    for trigger in &table.triggers {
        let what = format!("trigger {} on {}", trigger.name, table.name);
        errors.check_length(&what, &trigger.name);
        check_trigger_function(context.schema, &what, &trigger.function, errors);
    }
    for grant in &table.grants {
        check_grantee(context.platform, &object, &grant.role, "grants to", errors);
    }
    check_replication(context.platform, table, &object, errors);
    check_row_level_security(context.platform, table, &object, errors);
}

/// Checks the columns a table's SQL expression names.
fn check_expression(table: &Table, what: &str, expression: &str, errors: &mut Errors) {
    match expr::column_references(expression) {
        Ok(references) => {
            for reference in references.iter().filter(|r| table.column(r).is_none()) {
                errors.push(format!("{what} on {}", table.name), format!("uses `{reference}`, which is not a column of the table"));
            }
        }
        Err(message) => errors.push(format!("{what} on {}", table.name), message),
    }
}

/// An identity column takes its values from a sequence: an integer type, NOT
/// NULL, with no default or generation expression of its own.
fn check_identity(table: &Table, column: &Column, errors: &mut Errors) {
    let Some(identity) = column.identity else { return };
    let what = format!("column {}.{}", table.name, column.name);
    let kind = format!("GENERATED {} AS IDENTITY", identity.sql());
    if !matches!(column.data_type.as_str(), "smallint" | "integer" | "bigint") {
        errors.push(&what, format!("is {kind} but of type {}; an identity column is smallint, integer or bigint (i16, i32, i64)", column.data_type));
    }
    if column.nullable {
        errors.push(&what, format!("is {kind} and nullable; an identity column is NOT NULL (drop the Option)"));
    }
    if column.default.is_some() || column.generated.is_some() {
        errors.push(&what, format!("is {kind} and also has a default or generation expression; the identity gives its values"));
    }
}

fn check_constraints(context: &Context<'_>, table: &Table, errors: &mut Errors) {
    for constraint in &table.constraints {
        let what = format!("constraint {}", constraint.name);
        errors.check_length(&what, &constraint.name);
        for column in constraint.kind.columns().into_iter().filter(|c| table.column(c).is_none()) {
            errors.push(format!("{what} on {}", table.name), format!("names column `{column}`, which does not exist"));
        }
        match &constraint.kind {
            ConstraintKind::Check { expression } => check_expression(table, &what, expression, errors),
            ConstraintKind::ForeignKey { columns, references, referenced_columns, on_delete, on_update, .. } => {
                let object = format!("{what} on {}", table.name);
                check_reference(context, &object, references, referenced_columns, errors);
                for (event, action) in [("DELETE", on_delete), ("UPDATE", on_update)] {
                    if *action != ReferentialAction::SetNull {
                        continue;
                    }
                    for column in columns.iter().filter_map(|c| table.column(c)).filter(|c| !c.nullable) {
                        errors.push(&object, format!("is ON {event} SET NULL, but `{}` is NOT NULL, so that would fail", column.name));
                    }
                }
            }
            _ => {}
        }
    }
}

/// A foreign key's target: a table of the schema, or one the platform provides.
fn check_reference(context: &Context<'_>, object: &str, references: &QualifiedName, columns: &[String], errors: &mut Errors) {
    let target_columns: Vec<&str> = if let Some(target) = context.schema.table(references) {
        target.columns.iter().map(|c| c.name.as_str()).collect()
    } else if let Some(provided) = context.platform.provided_table(references) {
        provided.columns.iter().map(String::as_str).collect()
    } else {
        let provided: Vec<String> = context.platform.provided_tables.iter().map(|t| t.name.to_string()).collect();
        let provided = if provided.is_empty() { "none".to_owned() } else { provided.join(", ") };
        errors.push(
            object,
            format!("references table {references}, which is not in the schema and not one the platform provides (provided: {provided})"),
        );
        return;
    };
    for column in columns.iter().filter(|c| !target_columns.contains(&c.as_str())) {
        errors.push(object, format!("references column {references}.{column}, which does not exist"));
    }
}

fn check_indexes(table: &Table, errors: &mut Errors) {
    for index in &table.indexes {
        let what = format!("index {}", index.name);
        errors.check_length(&what, &index.name);
        for column in index.columns.iter().map(|c| &c.column).chain(&index.include) {
            if table.column(column).is_none() {
                errors.push(format!("{what} on {}", table.name), format!("names column `{column}`, which does not exist"));
            }
        }
        if let Some(predicate) = &index.predicate {
            check_expression(table, &what, predicate, errors);
        }
    }
}

/// Several policies may share a command (PERMISSIVE ones are OR-ed); each
/// needs a name of its own and roles the platform knows.
fn check_policies(context: &Context<'_>, table: &Table, object: &str, errors: &mut Errors) {
    let mut policy_names = BTreeMap::new();
    for policy in &table.policies {
        let what = format!("policy {}", policy.name);
        errors.check_length(&what, &policy.name);
        *policy_names.entry(policy.name.as_str()).or_insert(0) += 1;
        for expression in policy.using.iter().chain(&policy.with_check) {
            check_expression(table, &what, expression, errors);
        }
        if policy.roles.is_empty() {
            errors.push(format!("{what} on {}", table.name), "applies to no role; name the roles it is for");
        }
        for role in policy.roles.iter().filter(|r| !context.platform.knows_role(r)) {
            errors.push(format!("{what} on {}", table.name), format!("applies to role `{role}`, which {}", unknown_role(context.platform)));
        }
        if policy.command == PolicyCommand::Insert && policy.using.is_some() {
            errors.push(format!("{what} on {}", table.name), "is FOR INSERT, which takes only WITH CHECK (there is no existing row to filter)");
        }
        if matches!(policy.command, PolicyCommand::Select | PolicyCommand::Delete) && policy.with_check.is_some() {
            errors.push(
                format!("{what} on {}", table.name),
                format!("is FOR {}, which takes only USING (no new row to check)", policy.command.sql()),
            );
        }
    }
    for (name, count) in policy_names.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(object, format!("policy `{name}` is declared {count} times"));
    }
}

/// What is wrong with a role the platform does not know, in words.
pub(super) fn unknown_role(platform: &Platform) -> String {
    format!(
        "is neither an API role {:?} nor one the platform provides {:?}",
        platform.api_roles, platform.provided_roles
    )
}

/// Privileges go to API roles and roles the platform provides, by name (not
/// to PUBLIC: every role, `anon` included).
pub(super) fn check_grantee(platform: &Platform, object: &str, role: &str, verb: &str, errors: &mut Errors) {
    if role.eq_ignore_ascii_case(Grant::PUBLIC) || !platform.knows_role(role) {
        errors.push(object, format!("{verb} role `{role}`, which {}", unknown_role(platform)));
    }
}

/// The function a trigger calls must be the schema's and return `trigger`.
pub(super) fn check_trigger_function(schema: &Schema, what: &str, function: &QualifiedName, errors: &mut Errors) {
    match schema.function(function) {
        None => errors.push(what, format!("calls function {function}, which is not in the schema")),
        Some(f) if f.returns != FunctionReturn::Trigger => {
            errors.push(what, format!("calls function {function}, which does not return trigger"))
        }
        Some(_) => {}
    }
}

/// Logical decoding needs old rows identified: a table in a publication
/// (which publishes UPDATE and DELETE) needs a replica identity, and an index
/// replica identity must be a unique, non-partial index over NOT NULL columns.
fn check_replication(platform: &Platform, table: &Table, object: &str, errors: &mut Errors) {
    if let ReplicaIdentity::Index(name) = &table.replica_identity {
        let index = table.indexes.iter().find(|i| &i.name == name);
        let key = table.constraints.iter().find(|c| &c.name == name && c.kind.is_key());
        let columns: Vec<&str> = match (index, key) {
            (Some(index), _) if index.unique && index.predicate.is_none() && !index.columns.iter().any(|c| c.column.starts_with('(')) => {
                index.columns.iter().map(|c| c.column.as_str()).collect()
            }
            (Some(_), _) => {
                errors.push(object, format!("uses index {name} as replica identity, which is not a unique index on plain columns without a predicate"));
                Vec::new()
            }
            (None, Some(key)) => key.kind.columns(),
            (None, None) => {
                errors.push(object, format!("uses index {name} as replica identity, which is not an index or key of the table"));
                Vec::new()
            }
        };
        for column in columns.iter().filter_map(|c| table.column(c)).filter(|c| c.nullable) {
            errors.push(object, format!("uses index {name} as replica identity, but its column `{}` is nullable", column.name));
        }
    }
    for publication in &table.publications {
        if !platform.provided_publications.contains(publication) {
            errors.push(
                object,
                format!("joins publication `{publication}`, which the platform does not provide (provided: {:?})", platform.provided_publications),
            );
        }
    }
    if !table.publications.is_empty() {
        let identified = match table.replica_identity {
            ReplicaIdentity::Nothing => false,
            ReplicaIdentity::Default => table.primary_key().is_some(),
            _ => true,
        };
        if !identified {
            errors.push(
                object,
                "is in a publication but has no replica identity (no primary key, or REPLICA IDENTITY NOTHING), so its UPDATEs and DELETEs would fail; declare a primary key or `replica_identity = \"full\"`",
            );
        }
    }
}

fn check_row_level_security(platform: &Platform, table: &Table, object: &str, errors: &mut Errors) {
    if !platform.exposed_schemas.contains(&table.name.schema) {
        return;
    }
    let opted_out = table.rls.opt_out_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    if opted_out {
        return;
    }
    if !table.rls.enabled {
        errors.push(
            object,
            format!(
                "is in the exposed schema `{}` without row level security; enable it (`rls`), or opt out with a reason (`rls_opt_out = \"why\"`)",
                table.name.schema
            ),
        );
    } else if table.policies.is_empty() {
        errors.push(
            object,
            "has row level security but no policy, so nobody but the owner can use it; declare a policy, or opt out with a reason (`rls_opt_out = \"why\"`)",
        );
    }
}
