//! SQL: typed statements ([`Statement`]) and their rendering, one renderer per
//! kind of object, every name through [`quote::ident`] and every string
//! through [`quote::literal`].

pub mod history;
mod privileges;
pub mod quote;
mod routines;
mod statement;
mod tables;

pub use routines::function_signature;
pub use statement::{DefaultChange, Statement, TableAction, Target};
pub use tables::{constraint_definition, index_key};

use quote::{ident, literal, qualified};

/// A page's order: `ORDER BY a DESC, b DESC` (or ascending).
pub fn page_order_by(page: &crate::model::PageKey) -> String {
    let direction = if page.descending { " DESC" } else { "" };
    let columns: Vec<String> = page.columns.iter().map(|c| format!("{}{direction}", ident(c))).collect();
    format!("ORDER BY {}", columns.join(", "))
}

/// The condition of the page after a row whose key is `values` (SQL
/// expressions, one per key column: `$1`, or a typed literal): `(a, b) < (…)`,
/// or `>` ascending.
pub fn page_after(page: &crate::model::PageKey, values: &[String]) -> String {
    let columns: Vec<String> = page.columns.iter().map(|c| ident(c)).collect();
    let op = if page.descending { "<" } else { ">" };
    format!("({}) {op} ({})", columns.join(", "), values.join(", "))
}

impl Statement {
    /// The statement as SQL, terminated by `;`.
    pub fn render(&self) -> String {
        match self {
            Self::SetTimeouts { lock, statement } => {
                format!("SET LOCAL lock_timeout = {};\nSET LOCAL statement_timeout = {};", literal(lock), literal(statement))
            }
            Self::EnsurePrerequisite(prerequisite) => routines::prerequisite(prerequisite),
            Self::CreateSchema { name } => format!("CREATE SCHEMA {};", ident(name)),
            Self::DropSchema { name } => format!("DROP SCHEMA {};", ident(name)),
            Self::CreateExtension { name, schema } => {
                format!("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};", ident(name), ident(schema))
            }
            Self::DropExtension { name } => format!("DROP EXTENSION {};", ident(name)),
            Self::AlterExtensionSchema { name, schema } => format!("ALTER EXTENSION {} SET SCHEMA {};", ident(name), ident(schema)),
            Self::CreateEnum(enum_type) => {
                let values: Vec<String> = enum_type.values.iter().map(|v| literal(v)).collect();
                format!("CREATE TYPE {} AS ENUM ({});", qualified(&enum_type.name), values.join(", "))
            }
            Self::AddEnumValue { name, value, after, before } => {
                let position = match (after, before) {
                    (Some(after), _) => format!(" AFTER {}", literal(after)),
                    (None, Some(before)) => format!(" BEFORE {}", literal(before)),
                    (None, None) => String::new(),
                };
                format!("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{position};", qualified(name), literal(value))
            }
            Self::RenameEnumValue { name, from, to } => {
                format!("ALTER TYPE {} RENAME VALUE {} TO {};", qualified(name), literal(from), literal(to))
            }
            Self::DropType(name) => format!("DROP TYPE {};", qualified(name)),
            Self::CreateTable(table) => tables::create_table(table),
            Self::DropTable(name) => format!("DROP TABLE {};", qualified(name)),
            Self::RenameTable { table, to } => format!("ALTER TABLE {} RENAME TO {};", qualified(table), ident(to)),
            Self::AlterTable { table, action } => tables::alter_table(table, action),
            Self::RevokeIdentitySequence { table, column, grantees } => {
                let mut names = vec!["PUBLIC".to_owned()];
                names.extend(grantees.iter().filter(|g| !g.eq_ignore_ascii_case("PUBLIC")).map(|g| ident(g)));
                format!(
                    "DO $identity$\nBEGIN\n    EXECUTE 'REVOKE ALL ON SEQUENCE ' || pg_get_serial_sequence({}, {}) || {};\nEND\n$identity$;",
                    literal(&qualified(table)),
                    literal(column),
                    literal(&format!(" FROM {}", names.join(", ")))
                )
            }
            Self::SyncIdentitySequence { table, column, .. } => format!(
                "SELECT setval(pg_get_serial_sequence({}, {}), greatest(coalesce(max({}), 0) + 1, 1), false) FROM {};",
                literal(&qualified(table)),
                literal(column),
                ident(column),
                qualified(table)
            ),
            Self::CreateIndex { table, index, concurrently } => tables::create_index(table, index, *concurrently),
            Self::DropIndex { schema, name, concurrently } => format!(
                "DROP INDEX {}IF EXISTS {}.{};",
                if *concurrently { "CONCURRENTLY " } else { "" },
                ident(schema),
                ident(name)
            ),
            Self::DropInvalidIndex { schema, name } => tables::drop_invalid_index(schema, name),
            Self::RenameIndex { schema, name, to } => {
                format!("ALTER INDEX {}.{} RENAME TO {};", ident(schema), ident(name), ident(to))
            }
            Self::ActivateJob { name } => routines::activate(name),
            Self::CreatePolicy { table, policy } => tables::create_policy(table, policy),
            Self::AlterPolicy { table, policy } => tables::alter_policy(table, policy),
            Self::DropPolicy { table, name } => format!("DROP POLICY {} ON {};", ident(name), qualified(table)),
            Self::CreateTrigger { table, trigger } => tables::create_trigger(table, trigger),
            Self::DropTrigger { table, name } => format!("DROP TRIGGER {} ON {};", ident(name), qualified(table)),
            Self::CreateSequence(sequence) => tables::sequence(sequence, "CREATE"),
            Self::AlterSequence(sequence) => tables::sequence(sequence, "ALTER"),
            Self::DropSequence(name) => format!("DROP SEQUENCE {};", qualified(name)),
            Self::CreateView { view, replace } => routines::create_view(view, *replace),
            Self::DropView(name) => format!("DROP VIEW {};", qualified(name)),
            Self::AlterViewOptions { view, set, reset } => {
                let mut parts = Vec::new();
                if !set.is_empty() {
                    parts.push(format!("ALTER VIEW {} SET ({});", qualified(view), set.join(", ")));
                }
                if !reset.is_empty() {
                    parts.push(format!("ALTER VIEW {} RESET ({});", qualified(view), reset.join(", ")));
                }
                parts.join("\n")
            }
            Self::CreateMaterializedView(view) => routines::create_materialized_view(view),
            Self::DropMaterializedView(name) => format!("DROP MATERIALIZED VIEW {};", qualified(name)),
            Self::CreateFunction { function, replace } => routines::create_function(function, *replace),
            Self::DropFunction(id) => format!("DROP FUNCTION {};", function_signature(id)),
            Self::Owner { target, owner } => privileges::owner(target, owner),
            Self::Comment { target, text } => privileges::comment(target, text.as_deref()),
            Self::Grant { target, grantee, privileges, grant_option } => {
                privileges::grant(target, grantee, privileges, *grant_option)
            }
            Self::Revoke { target, grantee, privileges } => privileges::revoke(target, grantee, privileges),
            Self::RevokeAll { target, grantees } => privileges::revoke_all(target, grantees),
            Self::AlterDefaultPrivileges { role, schema, object_type, change } => {
                privileges::default_privileges(role, schema.as_deref(), *object_type, change)
            }
            Self::Schedule(job) => routines::schedule(job),
            Self::Unschedule { name } => routines::unschedule(name),
            Self::Publication { publication, table, add } => format!(
                "ALTER PUBLICATION {} {} TABLE {};",
                ident(publication),
                if *add { "ADD" } else { "DROP" },
                qualified(table)
            ),
        }
    }
}

/// Joins statements into a script, one blank line between statements.
pub fn script(statements: &[Statement]) -> String {
    let mut out = String::new();
    for statement in statements {
        out.push_str(&statement.render());
        out.push_str("\n\n");
    }
    out
}
