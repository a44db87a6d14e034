//! Rendering the model as SQL: the whole schema in dependency order, and the
//! framing of migration files.

mod alter;
pub mod quote;
mod statement;

pub use alter::Alter;

pub use statement::{function_signature, render_constraint, schedule_command, CommentTarget, GrantObject, Statement};

use crate::cache::CachedView;
use crate::dependencies;
use crate::model::Schema;

/// Every statement that creates `schema` from nothing, in an order Postgres
/// accepts: platform prerequisites, tables and their indexes, views (each after
/// the views it reads), functions (SQL bodies may read tables and views) and their
/// schedules, then triggers, row level security and policies, comments, and
/// privileges last.
pub fn create_schema(schema: &Schema) -> Vec<Statement<'_>> {
    let mut statements: Vec<Statement<'_>> = schema.prerequisites.iter().map(Statement::EnsurePrerequisite).collect();
    if schema.cache.is_some() {
        statements.push(Statement::CreateCacheSchema(schema));
    }
    for table in &schema.tables {
        statements.push(Statement::CreateTable(table));
        for index in &table.indexes {
            statements.push(Statement::CreateIndex { table: &table.name, index, if_not_exists: false });
        }
    }
    // Validation rejects cycles; should one slip through, declaration order makes
    // Postgres name the missing view.
    let views = dependencies::views_in_dependency_order(schema).unwrap_or_else(|_| schema.views.iter().collect());
    for view in views {
        let cache = CachedView::of(schema, view);
        if let Some(cached) = cache {
            statements.push(Statement::CreateCache(cached));
        }
        statements.push(Statement::CreateView { view, cache });
    }
    for function in &schema.functions {
        statements.push(Statement::CreateFunction(function));
    }
    for function in schema.functions.iter().filter(|f| f.schedule.is_some()) {
        statements.push(Statement::ScheduleFunction(function));
    }
    for table in &schema.tables {
        for trigger in &table.triggers {
            statements.push(Statement::CreateTrigger { table: &table.name, trigger });
        }
        if table.rls.enabled {
            statements.push(Statement::EnableRowLevelSecurity { table: &table.name, forced: table.rls.forced });
        }
        for policy in &table.policies {
            statements.push(Statement::CreatePolicy { table: &table.name, policy });
        }
    }
    statements.extend(comments(schema));
    statements.extend(privileges(schema));
    statements
}

fn comments(schema: &Schema) -> Vec<Statement<'_>> {
    let mut statements = Vec::new();
    for table in &schema.tables {
        statements.push(Statement::Comment { target: CommentTarget::Table(&table.name), text: &table.comment });
        for column in &table.columns {
            statements.push(Statement::Comment {
                target: CommentTarget::Column(&table.name, &column.name),
                text: &column.comment,
            });
        }
        for policy in table.policies.iter().filter(|p| !p.comment.is_empty()) {
            statements.push(Statement::Comment {
                target: CommentTarget::Policy(&table.name, &policy.name),
                text: &policy.comment,
            });
        }
    }
    for view in &schema.views {
        statements.push(Statement::Comment { target: CommentTarget::View(&view.name), text: &view.comment });
        for column in &view.columns {
            statements.push(Statement::Comment {
                target: CommentTarget::Column(&view.name, &column.name),
                text: &column.comment,
            });
        }
    }
    for function in &schema.functions {
        statements.push(Statement::Comment { target: CommentTarget::Function(function), text: &function.comment });
    }
    statements
}

fn privileges(schema: &Schema) -> Vec<Statement<'_>> {
    let mut statements = Vec::new();
    for table in &schema.tables {
        let object = GrantObject::Table(&table.name);
        statements.push(Statement::RevokeAll { object, roles: &schema.api_roles });
        for grant in &table.grants {
            statements.push(Statement::GrantPrivileges { object, role: &grant.role, privileges: &grant.privileges });
        }
    }
    for view in &schema.views {
        // GRANT … ON TABLE also names views.
        let object = GrantObject::Table(&view.name);
        statements.push(Statement::RevokeAll { object, roles: &schema.api_roles });
        for grant in &view.grants {
            statements.push(Statement::GrantPrivileges { object, role: &grant.role, privileges: &grant.privileges });
        }
    }
    for function in &schema.functions {
        statements.push(Statement::RevokeAll { object: GrantObject::Function(function), roles: &schema.api_roles });
        for role in &function.execute_roles {
            statements.push(Statement::GrantExecute { function, role });
        }
    }
    statements
}

/// Joins statements into a script, one blank line between statements.
pub fn script(statements: &[Statement<'_>]) -> String {
    let mut out = String::new();
    for statement in statements {
        out.push_str(&statement.render());
        out.push_str("\n\n");
    }
    out
}

/// The header of every generated SQL file.
pub const GENERATED_HEADER: &str =
    "-- Generated by `cargo xtask gen` from the schema-def declarations. Do not edit: change the declarations and rerun.";

/// A migration file: header, then the statements in one transaction, so that
/// `psql -v ON_ERROR_STOP=1 -f` applies all of it or none of it. (Migration
/// runners that open their own transaction, like sqlx, only get a warning about
/// the nested BEGIN.)
pub fn migration_file(title: &str, statements: &[Statement<'_>]) -> String {
    transaction(GENERATED_HEADER, title, &script(statements))
}

/// Wraps a migration body in the header and one transaction, with timeouts: a
/// lock that cannot be had within seconds aborts the migration instead of
/// queueing every other query of the table behind it.
pub fn transaction(header: &str, title: &str, body: &str) -> String {
    format!(
        "{header}\n-- {title}\n\nBEGIN;\n\nSET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '15min';\n\n{body}COMMIT;\n"
    )
}
