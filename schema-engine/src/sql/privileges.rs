//! Rendering owners, comments, privileges and default privileges.

use super::quote::{ident, literal, qualified};
use super::routines::function_signature;
use super::statement::{DefaultChange, Target};
use super::tables::role;
use crate::model::{DefaultObjectType, Privilege};

/// The object as `COMMENT ON` names it.
fn comment_target(target: &Target) -> String {
    match target {
        Target::Schema(name) => format!("SCHEMA {}", ident(name)),
        Target::Table(name) => format!("TABLE {}", qualified(name)),
        Target::View(name) => format!("VIEW {}", qualified(name)),
        Target::MaterializedView(name) => format!("MATERIALIZED VIEW {}", qualified(name)),
        Target::Sequence(name) => format!("SEQUENCE {}", qualified(name)),
        Target::Function(id) => format!("FUNCTION {}", function_signature(id)),
        Target::Type(name) => format!("TYPE {}", qualified(name)),
        Target::Column { relation, column } => format!("COLUMN {}.{}", qualified(relation), ident(column)),
        Target::Index { schema, name } => format!("INDEX {}.{}", ident(schema), ident(name)),
        Target::Constraint { table, name } => format!("CONSTRAINT {} ON {}", ident(name), qualified(table)),
        Target::Policy { table, name } => format!("POLICY {} ON {}", ident(name), qualified(table)),
        Target::Trigger { table, name } => format!("TRIGGER {} ON {}", ident(name), qualified(table)),
    }
}

/// The object as `GRANT … ON` names it (tables, views and materialized views
/// are all `TABLE`); a column privilege names the column in the list instead.
fn grant_target(target: &Target) -> (String, Option<String>) {
    match target {
        Target::Schema(name) => (format!("SCHEMA {}", ident(name)), None),
        Target::Table(name) | Target::View(name) | Target::MaterializedView(name) => (format!("TABLE {}", qualified(name)), None),
        Target::Sequence(name) => (format!("SEQUENCE {}", qualified(name)), None),
        Target::Function(id) => (format!("FUNCTION {}", function_signature(id)), None),
        Target::Type(name) => (format!("TYPE {}", qualified(name)), None),
        Target::Column { relation, column } => (format!("TABLE {}", qualified(relation)), Some(ident(column))),
        other => (comment_target(other), None),
    }
}

pub(super) fn owner(target: &Target, owner: &str) -> String {
    format!("ALTER {} OWNER TO {};", comment_target(target), ident(owner))
}

pub(super) fn comment(target: &Target, text: Option<&str>) -> String {
    format!("COMMENT ON {} IS {};", comment_target(target), text.map_or_else(|| "NULL".to_owned(), literal))
}

fn privilege_list(privileges: &[Privilege], column: Option<&str>) -> String {
    let names: Vec<String> = if privileges.is_empty() {
        vec!["ALL".to_owned()]
    } else {
        privileges.iter().map(|p| p.sql().to_owned()).collect()
    };
    match column {
        Some(column) => names.iter().map(|n| format!("{n} ({column})")).collect::<Vec<_>>().join(", "),
        None => names.join(", "),
    }
}

pub(super) fn grant(target: &Target, grantee: &str, privileges: &[Privilege], grant_option: bool) -> String {
    let (on, column) = grant_target(target);
    format!(
        "GRANT {} ON {on} TO {}{};",
        privilege_list(privileges, column.as_deref()),
        role(grantee),
        if grant_option { " WITH GRANT OPTION" } else { "" }
    )
}

pub(super) fn revoke(target: &Target, grantee: &str, privileges: &[Privilege]) -> String {
    let (on, column) = grant_target(target);
    format!("REVOKE {} ON {on} FROM {};", privilege_list(privileges, column.as_deref()), role(grantee))
}

pub(super) fn revoke_all(target: &Target, grantees: &[String]) -> String {
    let (on, _) = grant_target(target);
    let mut names = vec!["PUBLIC".to_owned()];
    names.extend(grantees.iter().filter(|g| !g.eq_ignore_ascii_case("PUBLIC")).map(|g| role(g)));
    format!("REVOKE ALL ON {on} FROM {};", names.join(", "))
}

pub(super) fn default_privileges(role_name: &str, schema: Option<&str>, object_type: DefaultObjectType, change: &DefaultChange) -> String {
    let scope = schema.map(|s| format!(" IN SCHEMA {}", ident(s))).unwrap_or_default();
    let action = match change {
        DefaultChange::Grant { grantee, privileges } => {
            format!("GRANT {} ON {} TO {}", privilege_list(privileges, None), object_type.sql(), role(grantee))
        }
        DefaultChange::Revoke { grantee, privileges } => {
            format!("REVOKE {} ON {} FROM {}", privilege_list(privileges, None), object_type.sql(), role(grantee))
        }
    };
    format!("ALTER DEFAULT PRIVILEGES FOR ROLE {}{scope} {action};", ident(role_name))
}
