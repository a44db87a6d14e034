//! Whole-schema validation, run when the declarations are assembled.
//!
//! The derive macros check each declaration on its own; what needs the whole
//! schema is checked here: foreign keys to missing tables or columns, two objects
//! with one name, tables exposed through the API without row level security, names
//! too long for Postgres. Every problem is collected and reported together.

use crate::expr;
use crate::model::*;
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
    for table in &schema.tables {
        check_table(&context, table, &mut errors);
    }
    for view in &schema.views {
        check_view(&context, view, &mut errors);
    }
    for function in &schema.functions {
        check_function(&context, function, &mut errors);
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
/// share one namespace per schema (pg_class); functions are separate.
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

fn check_table(context: &Context<'_>, table: &Table, errors: &mut Errors) {
    let schema = context.schema;
    let object = format!("table {}", table.name);
    errors.check_length(&object, &table.name.name);
    let has_column = |name: &str| table.column(name).is_some();
    let mut column_names = BTreeMap::new();
    for column in &table.columns {
        errors.check_length(&object, &column.name);
        *column_names.entry(column.name.as_str()).or_insert(0) += 1;
    }
    for (name, count) in column_names.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(&object, format!("column `{name}` is declared {count} times"));
    }
    let check_expression = |what: &str, expression: &str, errors: &mut Errors| {
        match expr::column_references(expression) {
            Ok(references) => {
                for reference in references.iter().filter(|r| !has_column(r)) {
                    errors.push(format!("{what} on {}", table.name), format!("uses `{reference}`, which is not a column of the table"));
                }
            }
            Err(message) => errors.push(format!("{what} on {}", table.name), message),
        }
    };
    for constraint in &table.constraints {
        let what = format!("constraint {}", constraint.name);
        errors.check_length(&what, &constraint.name);
        for column in constraint.kind.columns().into_iter().filter(|c| !has_column(c)) {
            errors.push(format!("{what} on {}", table.name), format!("names column `{column}`, which does not exist"));
        }
        match &constraint.kind {
            ConstraintKind::Check { expression } => check_expression(&what, expression, errors),
            ConstraintKind::ForeignKey { references, referenced_columns, .. } => {
                match schema.table(references) {
                    None => errors.push(
                        format!("{what} on {}", table.name),
                        format!("references table {references}, which is not in the schema"),
                    ),
                    Some(target) => {
                        for column in referenced_columns.iter().filter(|c| target.column(c).is_none()) {
                            errors.push(
                                format!("{what} on {}", table.name),
                                format!("references column {references}.{column}, which does not exist"),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for index in &table.indexes {
        let what = format!("index {}", index.name);
        errors.check_length(&what, &index.name);
        for column in index.columns.iter().map(|c| &c.column).chain(&index.include) {
            if !has_column(column) {
                errors.push(format!("{what} on {}", table.name), format!("names column `{column}`, which does not exist"));
            }
        }
        if let Some(predicate) = &index.predicate {
            check_expression(&what, predicate, errors);
        }
    }
    let mut policy_names = BTreeMap::new();
    for policy in &table.policies {
        let what = format!("policy {}", policy.name);
        errors.check_length(&what, &policy.name);
        *policy_names.entry(policy.name.as_str()).or_insert(0) += 1;
        for expression in policy.using.iter().chain(&policy.with_check) {
            check_expression(&what, expression, errors);
        }
        if policy.roles.is_empty() {
            errors.push(format!("{what} on {}", table.name), "applies to no role; name the roles it is for");
        }
    }
    for (name, count) in policy_names.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(&object, format!("policy `{name}` is declared {count} times"));
    }
    for trigger in &table.triggers {
        let what = format!("trigger {} on {}", trigger.name, table.name);
        errors.check_length(&what, &trigger.name);
        match schema.function(&trigger.function) {
            None => errors.push(what, format!("calls function {}, which is not in the schema", trigger.function)),
            Some(f) if f.returns != FunctionReturn::Trigger => {
                errors.push(what, format!("calls function {}, which does not return trigger", trigger.function))
            }
            Some(_) => {}
        }
    }
    for grant in &table.grants {
        if !context.platform.api_roles.contains(&grant.role) {
            errors.push(&object, format!("grants to role `{}`, which is not one of the API roles {:?}", grant.role, context.platform.api_roles));
        }
    }
    check_row_level_security(context.platform, table, &object, errors);
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
        if !platform.api_roles.contains(&grant.role) {
            errors.push(&object, format!("grants to role `{}`, which is not one of the API roles", grant.role));
        }
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
    for role in function.execute_roles.iter().filter(|r| !context.platform.api_roles.contains(r)) {
        errors.push(&object, format!("grants EXECUTE to `{role}`, which is not one of the API roles"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        Table {
            name: QualifiedName::new("public", name),
            comment: name.into(),
            columns: vec![Column { name: "id".into(), data_type: SqlType::new("uuid"), comment: "id".into(), ..Column::default() }],
            constraints: Vec::new(),
            indexes: Vec::new(),
            rls: RowLevelSecurity { enabled: true, forced: false, opt_out_reason: None },
            policies: vec![Policy {
                name: format!("{name}_read"),
                command: PolicyCommand::Select,
                permissive: true,
                roles: vec!["authenticated".into()],
                using: Some("true".into()),
                with_check: None,
                comment: String::new(),
            }],
            grants: Vec::new(),
            triggers: Vec::new(),
            replica_identity: ReplicaIdentity::Default,
            publications: Vec::new(),
        }
    }

    fn schema(tables: Vec<Table>) -> Schema {
        Schema {
            prerequisites: Vec::new(),
            tables,
            views: Vec::new(),
            functions: Vec::new(),
            cache: None,
        }
    }

    fn messages(schema: &Schema) -> Vec<String> {
        validate(schema, &Platform::supabase()).err().unwrap_or_default().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_valid_schema_passes() {
        assert_eq!(messages(&schema(vec![table("a"), table("b")])), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut orders = table("orders");
        orders.constraints.push(Constraint::new(
            "orders_customer_fkey",
            ConstraintKind::ForeignKey {
                columns: vec!["id".into()],
                references: QualifiedName::new("public", "customers"),
                referenced_columns: vec!["id".into()],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::NoAction,
                match_full: false,
            },
        ));
        orders.indexes.push(Index { name: "unguarded".into(), columns: vec![IndexColumn::new("id", false)], ..Index::default() });
        let mut unguarded = table("unguarded");
        unguarded.rls.enabled = false;
        let mut no_policy = table("no_policy");
        no_policy.policies.clear();
        let found = messages(&schema(vec![orders, unguarded, no_policy]));
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found.iter().any(|m| m.contains("references table public.customers, which is not in the schema")));
        assert!(found.iter().any(|m| m.starts_with("public.unguarded: one name is used by 2 objects")));
        assert!(found.iter().any(|m| m.starts_with("table public.unguarded: is in the exposed schema")));
        assert!(found.iter().any(|m| m.starts_with("table public.no_policy: has row level security but no policy")));
    }

    #[test]
    fn an_explicit_opt_out_with_a_reason_is_accepted() {
        let mut internal = table("internal");
        internal.rls.enabled = false;
        internal.rls.opt_out_reason = Some("written and read only by the owner role".into());
        assert!(validate(&schema(vec![internal]), &Platform::supabase()).is_ok());
    }

    #[test]
    fn long_names_and_unknown_policy_columns_are_refused() {
        let mut t = table(&"x".repeat(64));
        t.policies[0].using = Some("owner = auth.uid()".into());
        let found = messages(&schema(vec![t]));
        assert!(found.iter().any(|m| m.contains("is 64 bytes")), "{found:#?}");
        assert!(found.iter().any(|m| m.contains("uses `owner`, which is not a column")), "{found:#?}");
    }

    #[test]
    fn validation_names_each_cache_problem() {
        let mut schema = crate::lower::tests::cached_schema();
        schema.views[0].cache = Some(ViewCache { key: vec!["nope".into()], refresh_cron: "hourly".into() });
        let mut platform = Platform::supabase();
        platform.exposed_schemas.push("cache".into());
        let errors = validate(&schema, &platform).expect_err("invalid");
        let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "view public.v_daily: cache key column `nope` is not a column of the view",
                "view public.v_daily: cache refresh `hourly` is not a five-field cron expression (e.g. `*/15 * * * *`)",
                "view public.v_daily: caches in schema `cache`, which the API exposes; a cache must be out of the API's reach",
            ]
        );
        schema.cache = None;
        let errors = validate(&schema, &platform).expect_err("invalid");
        assert!(errors[0].to_string().contains("declares a cache, but the schema has no cache settings"), "{errors:?}");
    }
}
