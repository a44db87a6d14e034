//! Typed ALTER and DROP statements for incremental migrations, one renderer each.
//!
//! Like [`super::Statement`], every name goes through [`ident`]/[`qualified`] and
//! every string through [`literal`].

use super::quote::{ident, literal, qualified};
use super::statement::{function_signature, render_constraint};
use crate::cache::CachedView;
use crate::model::*;

/// One ALTER or DROP statement.
#[derive(Debug, Clone)]
pub enum Alter<'a> {
    DropTable(&'a QualifiedName),
    RenameTable { table: &'a QualifiedName, to: &'a str },
    AddColumn { table: &'a QualifiedName, column: &'a Column },
    DropColumn { table: &'a QualifiedName, column: &'a str },
    RenameColumn { table: &'a QualifiedName, from: &'a str, to: &'a str },
    /// `ALTER COLUMN … TYPE new USING column::new`.
    AlterColumnType { table: &'a QualifiedName, column: &'a str, data_type: &'a SqlType },
    SetNotNull { table: &'a QualifiedName, column: &'a str },
    DropNotNull { table: &'a QualifiedName, column: &'a str },
    SetDefault { table: &'a QualifiedName, column: &'a str, default: &'a str },
    DropDefault { table: &'a QualifiedName, column: &'a str },
    /// `ADD CONSTRAINT`, optionally `NOT VALID` (existing rows checked later by VALIDATE).
    AddConstraint { table: &'a QualifiedName, constraint: &'a Constraint, not_valid: bool },
    ValidateConstraint { table: &'a QualifiedName, name: &'a str },
    DropConstraint { table: &'a QualifiedName, name: &'a str },
    DropIndex { schema: &'a str, name: &'a str },
    DropPolicy { table: &'a QualifiedName, name: &'a str },
    /// `ALTER POLICY`: roles, USING and WITH CHECK (command and kind cannot change).
    AlterPolicy { table: &'a QualifiedName, policy: &'a Policy },
    DisableRowLevelSecurity { table: &'a QualifiedName },
    NoForceRowLevelSecurity { table: &'a QualifiedName },
    DropTrigger { table: &'a QualifiedName, name: &'a str },
    DropView(&'a QualifiedName),
    SetSecurityInvoker { view: &'a QualifiedName, enabled: bool },
    DropFunction(&'a Function),
    Unschedule { job_name: &'a str },
    /// Removes a cache (its job, functions and materialized view) once no view reads it.
    DropCache(CachedView<'a>),
}

impl Alter<'_> {
    pub fn render(&self) -> String {
        match self {
            Self::DropTable(table) => format!("DROP TABLE {};", qualified(table)),
            Self::RenameTable { table, to } => format!("ALTER TABLE {} RENAME TO {};", qualified(table), ident(to)),
            Self::AddColumn { table, column } => {
                let mut sql = format!("ALTER TABLE {} ADD COLUMN {} {}", qualified(table), ident(&column.name), column.data_type);
                if !column.nullable {
                    sql.push_str(" NOT NULL");
                }
                if let Some(default) = &column.default {
                    sql.push_str(&format!(" DEFAULT {default}"));
                }
                sql + ";"
            }
            Self::DropColumn { table, column } => format!("ALTER TABLE {} DROP COLUMN {};", qualified(table), ident(column)),
            Self::RenameColumn { table, from, to } => {
                format!("ALTER TABLE {} RENAME COLUMN {} TO {};", qualified(table), ident(from), ident(to))
            }
            Self::AlterColumnType { table, column, data_type } => format!(
                "ALTER TABLE {} ALTER COLUMN {} TYPE {data_type} USING {}::{data_type};",
                qualified(table),
                ident(column),
                ident(column)
            ),
            Self::SetNotNull { table, column } => {
                format!("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;", qualified(table), ident(column))
            }
            Self::DropNotNull { table, column } => {
                format!("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL;", qualified(table), ident(column))
            }
            Self::SetDefault { table, column, default } => {
                format!("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default};", qualified(table), ident(column))
            }
            Self::DropDefault { table, column } => {
                format!("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;", qualified(table), ident(column))
            }
            Self::AddConstraint { table, constraint, not_valid } => format!(
                "ALTER TABLE {} ADD {}{};",
                qualified(table),
                render_constraint(constraint),
                if *not_valid { " NOT VALID" } else { "" }
            ),
            Self::ValidateConstraint { table, name } => {
                format!("ALTER TABLE {} VALIDATE CONSTRAINT {};", qualified(table), ident(name))
            }
            Self::DropConstraint { table, name } => format!("ALTER TABLE {} DROP CONSTRAINT {};", qualified(table), ident(name)),
            Self::DropIndex { schema, name } => format!("DROP INDEX {}.{};", ident(schema), ident(name)),
            Self::DropPolicy { table, name } => format!("DROP POLICY {} ON {};", ident(name), qualified(table)),
            Self::AlterPolicy { table, policy } => {
                let roles: Vec<String> = policy.roles.iter().map(|r| ident(r)).collect();
                let mut sql = format!("ALTER POLICY {} ON {}\n    TO {}", ident(&policy.name), qualified(table), roles.join(", "));
                if let Some(using) = &policy.using {
                    sql.push_str(&format!("\n    USING ({using})"));
                }
                if let Some(check) = &policy.with_check {
                    sql.push_str(&format!("\n    WITH CHECK ({check})"));
                }
                sql + ";"
            }
            Self::DisableRowLevelSecurity { table } => format!("ALTER TABLE {} DISABLE ROW LEVEL SECURITY;", qualified(table)),
            Self::NoForceRowLevelSecurity { table } => format!("ALTER TABLE {} NO FORCE ROW LEVEL SECURITY;", qualified(table)),
            Self::DropTrigger { table, name } => format!("DROP TRIGGER {} ON {};", ident(name), qualified(table)),
            Self::DropView(view) => format!("DROP VIEW {};", qualified(view)),
            Self::SetSecurityInvoker { view, enabled } => {
                format!("ALTER VIEW {} SET (security_invoker = {enabled});", qualified(view))
            }
            Self::DropFunction(function) => format!("DROP FUNCTION {};", function_signature(function)),
            Self::Unschedule { job_name } => format!(
                "DO $unschedule$\nBEGIN\n    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN\n        PERFORM cron.unschedule(jobid) FROM cron.job WHERE jobname = {};\n    END IF;\nEND\n$unschedule$;",
                literal(job_name)
            ),
            Self::DropCache(cached) => {
                let (reader, refresher) = (cached.reader(), cached.refresher());
                let mut sql = Vec::new();
                if let Some(schedule) = &refresher.schedule {
                    sql.push(Alter::Unschedule { job_name: &schedule.job_name }.render());
                }
                sql.push(Alter::DropFunction(&refresher).render());
                sql.push(Alter::DropFunction(&reader).render());
                sql.push(format!("DROP MATERIALIZED VIEW {};", qualified(&cached.relation())));
                sql.join("\n")
            }
        }
    }
}
