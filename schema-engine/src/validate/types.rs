//! Checks of what surrounds the tables: enum types and the columns and
//! arguments that use them, privileges on schemas, and the project's triggers
//! on tables the platform provides.

use super::tables::{check_grantee, check_trigger_function};
use super::{Context, Errors, MAX_IDENTIFIER_BYTES};
use crate::model::*;
use std::collections::BTreeMap;

pub(super) fn check_enum(enum_type: &EnumType, errors: &mut Errors) {
    let object = format!("type {}", enum_type.name);
    errors.check_length(&object, &enum_type.name.name);
    if enum_type.values.is_empty() {
        errors.push(&object, "has no values; an enum type needs at least one");
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for value in &enum_type.values {
        *seen.entry(value.as_str()).or_default() += 1;
        if value.len() > MAX_IDENTIFIER_BYTES {
            errors.push(&object, format!("value {value:?} is {} bytes; PostgreSQL's enum labels are at most {MAX_IDENTIFIER_BYTES}", value.len()));
        }
        if value.is_empty() {
            errors.push(&object, "has an empty value");
        }
    }
    for (value, count) in seen.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(&object, format!("value {value:?} is declared {count} times"));
    }
}

/// The schemas whose types the project declares: a qualified type there must
/// be one of its enums (a forgotten `Schema::enums` entry would only fail when
/// the migration runs). Types in other schemas (an extension's) are not ours
/// to check.
fn project_schemas<'a>(context: &'a Context<'_>) -> Vec<&'a str> {
    let schema = context.schema;
    let mut schemas: Vec<&str> = context.platform.exposed_schemas.iter().map(String::as_str).collect();
    schemas.extend(schema.tables.iter().map(|t| t.name.schema.as_str()));
    schemas.extend(schema.enums.iter().map(|e| e.name.schema.as_str()));
    schemas.extend(schema.functions.iter().map(|f| f.name.schema.as_str()));
    schemas
}

/// A column or argument type naming a type of one of the project's schemas
/// must name a declared enum (or a table's or view's row type).
pub(in crate::validate) fn check_type_reference(context: &Context<'_>, what: &str, data_type: &SqlType, errors: &mut Errors) {
    let base = data_type.as_str().trim_end_matches("[]");
    let base = base.strip_prefix("setof ").unwrap_or(base);
    let Some((schema, name)) = base.split_once('.') else { return };
    let unquote = |part: &str| part.trim_matches('"').replace("\"\"", "\"");
    let name = QualifiedName::new(unquote(schema), unquote(name));
    let declared = context.schema.enum_type(&name).is_some() || context.schema.table(&name).is_some() || context.schema.view(&name).is_some();
    if declared || !project_schemas(context).contains(&name.schema.as_str()) {
        return;
    }
    errors.push(
        what,
        format!("has type {name}, which is not a type of the schema; list its `#[derive(PgEnum)]` in `Schema::enums` (`MyEnum::enum_type()`)"),
    );
}

/// Privileges on schemas: USAGE or CREATE, on a schema the platform provides
/// or the project creates, for a role the platform knows.
pub(super) fn check_schema_grant(context: &Context<'_>, grant: &SchemaGrant, errors: &mut Errors) {
    let object = format!("schema {}", grant.schema);
    let provided = context.platform.provided_schemas.iter().any(|s| s.name == grant.schema);
    let cache = context.schema.cache.as_ref().is_some_and(|c| c.schema == grant.schema);
    if !provided && !cache {
        errors.push(&object, "is granted on, but the platform does not provide it and the project does not create it");
    }
    check_grantee(context.platform, &object, &grant.grant.role, "grants to", errors);
    for privilege in grant.grant.privileges.iter().filter(|p| !matches!(p, Privilege::Usage | Privilege::Create)) {
        errors.push(&object, format!("grants {} to `{}`; a schema takes USAGE and CREATE only", privilege.sql(), grant.grant.role));
    }
}

/// A function's triggers on the platform's tables: the table is one the
/// platform provides (the project's own tables declare their triggers), and
/// the trigger calls this function, which returns `trigger`.
pub(super) fn check_provided_table_triggers(context: &Context<'_>, function: &Function, errors: &mut Errors) {
    let mut seen: BTreeMap<(&QualifiedName, &str), usize> = BTreeMap::new();
    for provided in &function.triggers {
        let trigger = &provided.trigger;
        let what = format!("trigger {} on {}", trigger.name, provided.table);
        errors.check_length(&what, &trigger.name);
        *seen.entry((&provided.table, trigger.name.as_str())).or_default() += 1;
        if context.schema.table(&provided.table).is_some() {
            errors.push(&what, format!("is declared on function {}, but {} is the schema's own table; declare the trigger on the table (`#[table(trigger(...))]`)", function.name, provided.table));
        } else if let Some(table) = context.platform.provided_table(&provided.table) {
            for column in trigger.update_of.iter().filter(|c| !table.columns.contains(c)) {
                errors.push(&what, format!("fires on UPDATE OF `{column}`, which is not a column of {}", provided.table));
            }
        } else {
            let provided_tables: Vec<String> = context.platform.provided_tables.iter().map(|t| t.name.to_string()).collect();
            errors.push(
                &what,
                format!("is on table {}, which the platform does not provide (provided: {})", provided.table, provided_tables.join(", ")),
            );
        }
        if trigger.function != function.name {
            errors.push(&what, format!("is declared on function {} but calls {}", function.name, trigger.function));
        }
        check_trigger_function(context.schema, &what, &trigger.function, errors);
    }
    for ((table, name), count) in seen.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(format!("trigger {name} on {table}"), format!("is declared {count} times"));
    }
}
