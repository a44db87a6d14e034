//! Whole-schema validation, run when the declarations are assembled.
//!
//! The derive macros check each declaration on its own; what needs the whole
//! schema is checked here: foreign keys to missing tables or columns (the
//! platform's tables included), two objects with one name, tables exposed
//! through the API without row level security, roles and publications the
//! platform does not have, names too long for Postgres. Every problem is
//! collected and reported together. Tables are checked in [`tables`], enum
//! types, schema privileges and triggers on the platform's tables in [`types`].

mod tables;
#[cfg(test)]
mod tests;
mod types;

use crate::model::*;
use tables::{check_grantee, check_table};
use types::{check_enum, check_provided_table_triggers, check_schema_grant, check_type_reference};
use std::collections::BTreeMap;
use std::fmt;

/// Postgres truncates identifiers longer than this many bytes (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// One problem with the schema, naming the object it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The object, e.g. `table public.sku_performance` or `policy x on public.y`.
    pub object: String,
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.message)
    }
}

/// Checks the whole schema on its platform; returns every problem found.
pub fn validate(schema: &Schema, platform: &Platform) -> Result<(), Vec<SchemaError>> {
    let mut errors = Errors::default();
    let context = Context { schema, platform };
    check_unique_relation_names(schema, &mut errors);
    for enum_type in &schema.enums {
        check_enum(enum_type, &mut errors);
    }
    for table in &schema.tables {
        check_table(&context, table, &mut errors);
    }
    for view in &schema.views {
        check_view(&context, view, &mut errors);
    }
    for function in &schema.functions {
        check_function(&context, function, &mut errors);
    }
    for grant in &schema.schema_grants {
        check_schema_grant(&context, grant, &mut errors);
    }
    if errors.0.is_empty() {
        // Cycles between views and functions are found on the catalog they lower to.
        if let Err(message) = crate::dependencies::creation_order(&crate::lower::lower(schema, platform)) {
            errors.push("views", message);
        }
    }
    if errors.0.is_empty() { Ok(()) } else { Err(errors.0) }
}

/// The schema and the platform it is checked for.
struct Context<'a> {
    schema: &'a Schema,
    platform: &'a Platform,
}

#[derive(Default)]
struct Errors(Vec<SchemaError>);

impl Errors {
    fn push(&mut self, object: impl Into<String>, message: impl Into<String>) {
        self.0.push(SchemaError { object: object.into(), message: message.into() });
    }

    fn check_length(&mut self, object: &str, name: &str) {
        if name.len() > MAX_IDENTIFIER_BYTES {
            self.push(
                object,
                format!("name `{name}` is {} bytes; Postgres keeps only {MAX_IDENTIFIER_BYTES}", name.len()),
            );
        }
    }
}

/// Tables, views, indexes and the indexes behind PRIMARY KEY / UNIQUE constraints
/// share one namespace per schema (pg_class); so do types, a table's row type
/// among them (pg_type); functions are separate. A trigger's name is its table's.
fn check_unique_relation_names(schema: &Schema, errors: &mut Errors) {
    let mut seen: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut add = |schema_name: &str, name: &str, what: String| {
        seen.entry((schema_name.to_owned(), name.to_owned())).or_default().push(what);
    };
    for table in &schema.tables {
        let s = &table.name.schema;
        add(s, &table.name.name, format!("table {}", table.name));
        for index in &table.indexes {
            add(s, &index.name, format!("index on {}", table.name));
        }
        for constraint in &table.constraints {
            if matches!(constraint.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) {
                add(s, &constraint.name, format!("constraint on {}", table.name));
            }
        }
    }
    for view in &schema.views {
        add(&view.name.schema, &view.name.name, format!("view {}", view.name));
    }
    let mut types: BTreeMap<&QualifiedName, Vec<String>> = BTreeMap::new();
    for enum_type in &schema.enums {
        types.entry(&enum_type.name).or_default().push(format!("type {}", enum_type.name));
    }
    for table in &schema.tables {
        types.entry(&table.name).or_default().push(format!("table {} (its row type)", table.name));
    }
    for view in &schema.views {
        types.entry(&view.name).or_default().push(format!("view {} (its row type)", view.name));
    }
    for (name, owners) in types.into_iter().filter(|(_, o)| o.len() > 1 && o.iter().any(|w| w.starts_with("type "))) {
        errors.push(format!("type {name}"), format!("one name is used by {} types: {}", owners.len(), owners.join(", ")));
    }
    let mut triggers: BTreeMap<(&QualifiedName, &str), Vec<&QualifiedName>> = BTreeMap::new();
    for function in &schema.functions {
        for provided in &function.triggers {
            triggers.entry((&provided.table, provided.trigger.name.as_str())).or_default().push(&function.name);
        }
    }
    for ((table, name), functions) in triggers.into_iter().filter(|(_, f)| f.len() > 1) {
        let functions: Vec<String> = functions.iter().map(ToString::to_string).collect();
        errors.push(format!("trigger {name} on {table}"), format!("is declared by {} functions: {}", functions.len(), functions.join(", ")));
    }
    for ((schema_name, name), owners) in seen {
        if owners.len() > 1 {
            errors.push(
                format!("{schema_name}.{name}"),
                format!("one name is used by {} objects: {}", owners.len(), owners.join(", ")),
            );
        }
    }
    let mut functions: BTreeMap<&QualifiedName, usize> = BTreeMap::new();
    for function in &schema.functions {
        *functions.entry(&function.name).or_default() += 1;
    }
    for (name, count) in functions.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(format!("function {name}"), format!("declared {count} times"));
    }
}

fn check_view(context: &Context<'_>, view: &View, errors: &mut Errors) {
    let platform = context.platform;
    let object = format!("view {}", view.name);
    errors.check_length(&object, &view.name.name);
    let mut names = BTreeMap::new();
    for column in &view.columns {
        errors.check_length(&object, &column.name);
        *names.entry(column.name.as_str()).or_insert(0) += 1;
    }
    for (name, count) in names.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(&object, format!("column `{name}` is declared {count} times"));
    }
    if view.body.trim().is_empty() {
        errors.push(&object, "has an empty body");
    }
    if platform.exposed_schemas.contains(&view.name.schema) && !view.runs_as_invoker() {
        errors.push(
            &object,
            "is exposed through the API without security_invoker, so it would read around the caller's row level security",
        );
    }
    for grant in &view.grants {
        check_grantee(platform, &object, &grant.role, "grants to", errors);
    }
    for column in &view.columns {
        check_type_reference(context, &format!("column {}.{}", view.name, column.name), &column.data_type, errors);
    }
    if let Some(cache) = &view.cache {
        check_cache(context, view, cache, &object, errors);
    }
}

/// A cache needs the schema's cache settings, a key of the view's own columns
/// (REFRESH … CONCURRENTLY needs a unique index) and a five-field cron schedule.
fn check_cache(context: &Context<'_>, view: &View, cache: &ViewCache, object: &str, errors: &mut Errors) {
    let Some(settings) = &context.schema.cache else {
        errors.push(object, "declares a cache, but the schema has no cache settings (`Schema::cache`) saying where caches live");
        return;
    };
    if cache.key.is_empty() {
        errors.push(object, "declares a cache without a key; name the columns that identify a row (`key = \"...\"`)");
    }
    for column in cache.key.iter().filter(|k| !view.columns.iter().any(|c| &c.name == *k)) {
        errors.push(object, format!("cache key column `{column}` is not a column of the view"));
    }
    if cache.refresh_cron.split_whitespace().count() != 5 {
        errors.push(
            object,
            format!("cache refresh `{}` is not a five-field cron expression (e.g. `*/15 * * * *`)", cache.refresh_cron),
        );
    }
    if context.platform.exposed_schemas.contains(&settings.schema) {
        errors.push(
            object,
            format!("caches in schema `{}`, which the API exposes; a cache must be out of the API's reach", settings.schema),
        );
    }
    for name in crate::lower::cache_object_names(view) {
        errors.check_length(object, &name);
    }
}

fn check_function(context: &Context<'_>, function: &Function, errors: &mut Errors) {
    let object = format!("function {}", function.name);
    errors.check_length(&object, &function.name.name);
    if function.search_path.is_none() {
        errors.push(
            &object,
            "does not pin its search_path; set `search_path = \"\"` and schema-qualify the names it uses",
        );
    }
    for role in &function.execute_roles {
        check_grantee(context.platform, &object, role, "grants EXECUTE to", errors);
    }
    let arguments = function.arguments.iter().map(|a| (format!("argument {}", a.name), &a.data_type));
    let results: Vec<(String, &SqlType)> = match &function.returns {
        FunctionReturn::Scalar { data_type } => vec![("result".to_owned(), data_type)],
        FunctionReturn::Table { columns } => columns.iter().map(|c| (format!("result column {}", c.name), &c.data_type)).collect(),
        FunctionReturn::Trigger => Vec::new(),
    };
    for (what, data_type) in arguments.chain(results) {
        check_type_reference(context, &format!("{what} of function {}", function.name), data_type, errors);
    }
    check_provided_table_triggers(context, function, errors);
}
