//! Typed DDL statements, one renderer each.
//!
//! A statement borrows the model objects it is about and renders itself with
//! [`quote::ident`] and [`quote::literal`]. The initial migration, `schema.sql` and
//! (later) incremental migrations are sequences of these.

use super::quote::{ident, literal, qualified};
use crate::cache::CachedView;
use crate::model::*;
use std::fmt::Write as _;

/// One DDL statement.
#[derive(Debug, Clone)]
pub enum Statement<'a> {
    /// Defines a platform function only where it is missing.
    EnsurePrerequisite(&'a Prerequisite),
    CreateTable(&'a Table),
    /// `if_not_exists` lets a migration skip an index already built by hand
    /// (`CREATE INDEX CONCURRENTLY`, which cannot run inside a transaction).
    CreateIndex { table: &'a QualifiedName, index: &'a Index, if_not_exists: bool },
    EnableRowLevelSecurity { table: &'a QualifiedName, forced: bool },
    CreatePolicy { table: &'a QualifiedName, policy: &'a Policy },
    /// A view; a cached one reads its cache's function instead of its body.
    CreateView { view: &'a View, cache: Option<CachedView<'a>> },
    /// `CREATE OR REPLACE VIEW`: same leading columns, new body or extra columns.
    ReplaceView { view: &'a View, cache: Option<CachedView<'a>> },
    /// The schema caches live in, closed to the API roles but for USAGE by the
    /// roles that read cached views or refresh them.
    CreateCacheSchema(&'a Schema),
    /// A cache: its materialized view (filled now), unique key, privileges,
    /// reading and refreshing functions, and the refresh's pg_cron job.
    CreateCache(CachedView<'a>),
    CreateFunction(&'a Function),
    /// `CREATE OR REPLACE FUNCTION`: same arguments and result type.
    ReplaceFunction(&'a Function),
    /// Schedules a function's pg_cron job where pg_cron is installed.
    ScheduleFunction(&'a Function),
    CreateTrigger { table: &'a QualifiedName, trigger: &'a Trigger },
    Comment { target: CommentTarget<'a>, text: &'a str },
    /// `REVOKE ALL` from the API roles (and PUBLIC), so only declared grants remain.
    RevokeAll { object: GrantObject<'a>, roles: &'a [String] },
    GrantPrivileges { object: GrantObject<'a>, role: &'a str, privileges: &'a [Privilege] },
    GrantExecute { function: &'a Function, role: &'a str },
}

/// What a COMMENT ON is attached to.
#[derive(Debug, Clone, Copy)]
pub enum CommentTarget<'a> {
    Table(&'a QualifiedName),
    View(&'a QualifiedName),
    MaterializedView(&'a QualifiedName),
    /// A column of a table or a view.
    Column(&'a QualifiedName, &'a str),
    Function(&'a Function),
    Policy(&'a QualifiedName, &'a str),
    Index(&'a QualifiedName, &'a str),
}

/// What a GRANT or REVOKE is about.
#[derive(Debug, Clone, Copy)]
pub enum GrantObject<'a> {
    Table(&'a QualifiedName),
    Function(&'a Function),
}

impl Statement<'_> {
    /// The statement as SQL, terminated by `;`.
    pub fn render(&self) -> String {
        match self {
            Self::EnsurePrerequisite(prerequisite) => {
                let tag = dollar_quote_tag("prerequisite", &prerequisite.fallback);
                format!(
                    "-- {}\nDO {tag}\nBEGIN\n    IF to_regprocedure({}) IS NULL THEN\n{}\n    END IF;\nEND\n{tag};",
                    prerequisite.purpose,
                    literal(&prerequisite.function),
                    indent(prerequisite.fallback.trim_end(), "        "),
                )
            }
            Self::CreateTable(table) => render_create_table(table),
            Self::CreateIndex { table, index, if_not_exists } => render_create_index(table, index, *if_not_exists),
            Self::EnableRowLevelSecurity { table, forced } => {
                let mut sql = format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", qualified(table));
                if *forced {
                    let _ = write!(sql, "\nALTER TABLE {} FORCE ROW LEVEL SECURITY;", qualified(table));
                }
                sql
            }
            Self::CreatePolicy { table, policy } => render_create_policy(table, policy),
            Self::CreateView { view, cache } => render_create_view(view, cache.as_ref(), "CREATE"),
            Self::ReplaceView { view, cache } => render_create_view(view, cache.as_ref(), "CREATE OR REPLACE"),
            Self::CreateCacheSchema(schema) => render_create_cache_schema(schema),
            Self::CreateCache(cached) => render_create_cache(cached),
            Self::CreateFunction(function) => render_create_function(function, "CREATE"),
            Self::ReplaceFunction(function) => render_create_function(function, "CREATE OR REPLACE"),
            Self::ScheduleFunction(function) => render_schedule(function),
            Self::CreateTrigger { table, trigger } => {
                let events: Vec<&str> = trigger.events.iter().map(|e| e.sql()).collect();
                format!(
                    "CREATE TRIGGER {} {} {} ON {}\n    FOR EACH ROW EXECUTE FUNCTION {}();",
                    ident(&trigger.name),
                    match trigger.timing {
                        TriggerTiming::Before => "BEFORE",
                        TriggerTiming::After => "AFTER",
                    },
                    events.join(" OR "),
                    qualified(table),
                    qualified(&trigger.function),
                )
            }
            Self::Comment { target, text } => {
                format!("COMMENT ON {} IS {};", render_comment_target(target), literal(text))
            }
            Self::RevokeAll { object, roles } => {
                let mut grantees = vec!["PUBLIC".to_owned()];
                grantees.extend(roles.iter().map(|r| ident(r)));
                format!("REVOKE ALL ON {} FROM {};", render_grant_object(object), grantees.join(", "))
            }
            Self::GrantPrivileges { object, role, privileges } => {
                let privileges: Vec<&str> = privileges.iter().map(|p| p.sql()).collect();
                format!("GRANT {} ON {} TO {};", privileges.join(", "), render_grant_object(object), ident(role))
            }
            Self::GrantExecute { function, role } => {
                format!("GRANT EXECUTE ON FUNCTION {} TO {};", function_signature(function), ident(role))
            }
        }
    }
}

fn render_create_table(table: &Table) -> String {
    let mut lines: Vec<String> = table.columns.iter().map(render_column).collect();
    lines.extend(table.constraints.iter().map(render_constraint));
    format!("CREATE TABLE {} (\n    {}\n);", qualified(&table.name), lines.join(",\n    "))
}

fn render_column(column: &Column) -> String {
    let mut sql = format!("{} {}", ident(&column.name), column.data_type);
    if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        let _ = write!(sql, " DEFAULT {default}");
    }
    sql
}

/// A constraint as it appears inside CREATE TABLE or after ALTER TABLE … ADD.
pub fn render_constraint(constraint: &Constraint) -> String {
    let body = match &constraint.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", ident_list(columns)),
        ConstraintKind::Unique { columns } => format!("UNIQUE ({})", ident_list(columns)),
        ConstraintKind::Check { expression } => format!("CHECK ({expression})"),
        ConstraintKind::AllowedValues { column, values } => {
            let values: Vec<String> = values.iter().map(|v| literal(v)).collect();
            format!("CHECK ({} IN ({}))", ident(column), values.join(", "))
        }
        ConstraintKind::ForeignKey { columns, references, referenced_columns, on_delete } => format!(
            "FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {}",
            ident_list(columns),
            qualified(references),
            ident_list(referenced_columns),
            on_delete.sql()
        ),
    };
    format!("CONSTRAINT {} {body}", ident(&constraint.name))
}

fn render_create_index(table: &QualifiedName, index: &Index, if_not_exists: bool) -> String {
    let keys: Vec<String> = index
        .columns
        .iter()
        .map(|c| if c.descending { format!("{} DESC", ident(&c.column)) } else { ident(&c.column) })
        .collect();
    let mut sql = format!(
        "CREATE {}INDEX {}{} ON {}",
        if index.unique { "UNIQUE " } else { "" },
        if if_not_exists { "IF NOT EXISTS " } else { "" },
        ident(&index.name),
        qualified(table)
    );
    if index.method != IndexMethod::Btree {
        let _ = write!(sql, " USING {}", index.method.sql());
    }
    let _ = write!(sql, " ({})", keys.join(", "));
    if !index.include.is_empty() {
        let _ = write!(sql, " INCLUDE ({})", ident_list(&index.include));
    }
    if let Some(predicate) = &index.predicate {
        let _ = write!(sql, " WHERE {predicate}");
    }
    sql.push(';');
    sql
}

fn render_create_policy(table: &QualifiedName, policy: &Policy) -> String {
    let roles: Vec<String> = policy.roles.iter().map(|r| ident(r)).collect();
    let mut sql = format!(
        "CREATE POLICY {} ON {}\n    AS {}\n    FOR {}\n    TO {}",
        ident(&policy.name),
        qualified(table),
        if policy.permissive { "PERMISSIVE" } else { "RESTRICTIVE" },
        policy.command.sql(),
        roles.join(", ")
    );
    if let Some(using) = &policy.using {
        let _ = write!(sql, "\n    USING ({using})");
    }
    if let Some(check) = &policy.with_check {
        let _ = write!(sql, "\n    WITH CHECK ({check})");
    }
    sql.push(';');
    sql
}

fn render_create_view(view: &View, cache: Option<&CachedView<'_>>, verb: &str) -> String {
    let cached_body = cache.map(CachedView::view_body);
    let body = cached_body.as_deref().unwrap_or(&view.body).trim().trim_end_matches(';').trim_end();
    let options = if view.security_invoker { "\n    WITH (security_invoker = true)" } else { "" };
    format!("{verb} VIEW {}{options}\n    AS\n{body};", qualified(&view.name))
}

fn render_create_cache_schema(schema: &Schema) -> String {
    let Some(settings) = &schema.cache else { return String::new() };
    let name = ident(&settings.schema);
    let mut grantees = vec!["PUBLIC".to_owned()];
    grantees.extend(schema.api_roles.iter().map(|r| ident(r)));
    let mut users: Vec<String> = crate::cache::cached_views(schema)
        .iter()
        .flat_map(|c| c.reader_roles())
        .chain(settings.refresh_roles.iter().cloned())
        .collect();
    users.sort();
    users.dedup();
    let mut sql = format!(
        "CREATE SCHEMA IF NOT EXISTS {name};
COMMENT ON SCHEMA {name} IS {};
REVOKE ALL ON SCHEMA {name} FROM {};",
        literal(&settings.comment),
        grantees.join(", ")
    );
    if !users.is_empty() {
        let users: Vec<String> = users.iter().map(|r| ident(r)).collect();
        let _ = write!(sql, "
GRANT USAGE ON SCHEMA {name} TO {};", users.join(", "));
    }
    sql
}

fn render_create_cache(cached: &CachedView<'_>) -> String {
    let relation = cached.relation();
    let materialized = cached.materialized_view();
    let body = cached.view.body.trim().trim_end_matches(';').trim_end();
    let mut parts = vec![
        format!(
            "-- The cache of {}: its rows, computed now and on every refresh.
CREATE MATERIALIZED VIEW {}
    AS
{body}
    WITH DATA;",
            cached.view.name,
            qualified(&relation)
        ),
        render_create_index(&relation, &cached.key_index(), false),
        Statement::RevokeAll { object: GrantObject::Table(&relation), roles: cached.api_roles }.render(),
        Statement::Comment { target: CommentTarget::MaterializedView(&relation), text: &materialized.comment }.render(),
    ];
    for function in [cached.reader(), cached.refresher()] {
        parts.push(render_create_function(&function, "CREATE"));
        parts.push(Statement::Comment { target: CommentTarget::Function(&function), text: &function.comment }.render());
        parts.push(Statement::RevokeAll { object: GrantObject::Function(&function), roles: cached.api_roles }.render());
        for role in &function.execute_roles {
            parts.push(Statement::GrantExecute { function: &function, role }.render());
        }
        if function.schedule.is_some() {
            parts.push(render_schedule(&function));
        }
    }
    parts.join("\n")
}

/// A pg_cron job, created only where pg_cron is installed (it is on Supabase),
/// so the migration applies cleanly without it. Scheduling under an existing
/// job name replaces that job.
/// The SQL a function's pg_cron job runs.
pub fn schedule_command(function: &Function) -> String {
    format!("SELECT {}()", qualified(&function.name))
}

fn render_schedule(function: &Function) -> String {
    let Some(schedule) = &function.schedule else { return String::new() };
    let command = schedule_command(function);
    let body = format!(
        "BEGIN\n    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN\n        PERFORM cron.schedule({}, {}, {});\n    END IF;\nEND",
        literal(&schedule.job_name),
        literal(&schedule.cron),
        literal(&command)
    );
    let tag = dollar_quote_tag("schedule", &body);
    format!("-- pg_cron job {}: {} at `{}` (UTC).\nDO {tag}\n{body}\n{tag};", schedule.job_name, function.name, schedule.cron)
}

fn render_create_function(function: &Function, verb: &str) -> String {
    let returns = match &function.returns {
        FunctionReturn::Trigger => "trigger".to_owned(),
        FunctionReturn::Scalar { data_type } => data_type.to_string(),
        FunctionReturn::Table { columns } => {
            let columns: Vec<String> =
                columns.iter().map(|c| format!("{} {}", ident(&c.name), c.data_type)).collect();
            format!("TABLE ({})", columns.join(", "))
        }
    };
    let mut sql = format!(
        "{verb} FUNCTION {}\n    RETURNS {returns}\n    LANGUAGE {}\n    {}\n    {}\n",
        function_signature_with_names(function),
        ident(&function.language),
        function.volatility.sql(),
        if function.security_definer { "SECURITY DEFINER" } else { "SECURITY INVOKER" },
    );
    if let Some(path) = &function.search_path {
        let _ = writeln!(sql, "    SET search_path = {}", literal(path));
    }
    let tag = dollar_quote_tag("function", &function.body);
    let _ = write!(sql, "AS {tag}\n{}\n{tag};", function.body.trim_end());
    sql
}

/// A dollar-quote tag that does not occur in the body.
fn dollar_quote_tag(word: &str, body: &str) -> String {
    (0..)
        .map(|n: u32| if n == 0 { format!("${word}$") } else { format!("${word}{n}$") })
        .find(|tag| !body.contains(tag.as_str()))
        .expect("some tag is free")
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!("{prefix}{l}") }).collect::<Vec<_>>().join("\n")
}

/// `schema.name(type, …)`: how GRANT, REVOKE and COMMENT name a function.
pub fn function_signature(function: &Function) -> String {
    let types: Vec<&str> = function.arguments.iter().map(|a| a.data_type.as_str()).collect();
    format!("{}({})", qualified(&function.name), types.join(", "))
}

fn function_signature_with_names(function: &Function) -> String {
    let arguments: Vec<String> =
        function.arguments.iter().map(|a| format!("{} {}", ident(&a.name), a.data_type)).collect();
    format!("{}({})", qualified(&function.name), arguments.join(", "))
}

fn render_comment_target(target: &CommentTarget<'_>) -> String {
    match target {
        CommentTarget::Table(table) => format!("TABLE {}", qualified(table)),
        CommentTarget::View(view) => format!("VIEW {}", qualified(view)),
        CommentTarget::MaterializedView(view) => format!("MATERIALIZED VIEW {}", qualified(view)),
        CommentTarget::Column(table, column) => format!("COLUMN {}.{}", qualified(table), ident(column)),
        CommentTarget::Function(function) => format!("FUNCTION {}", function_signature(function)),
        CommentTarget::Policy(table, policy) => format!("POLICY {} ON {}", ident(policy), qualified(table)),
        CommentTarget::Index(table, index) => {
            format!("INDEX {}.{}", ident(&table.schema), ident(index))
        }
    }
}

fn render_grant_object(object: &GrantObject<'_>) -> String {
    match object {
        GrantObject::Table(table) => format!("TABLE {}", qualified(table)),
        GrantObject::Function(function) => format!("FUNCTION {}", function_signature(function)),
    }
}

fn ident_list(names: &[String]) -> String {
    names.iter().map(|n| ident(n)).collect::<Vec<_>>().join(", ")
}
