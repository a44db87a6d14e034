//! One table's section of the dictionary: purpose, columns with their notes
//! (keys, identities, allowed values, references), constraints, indexes, row
//! level security and policies, grants, replication, triggers.

use super::{cell, code, grants_line, one_line};
use crate::catalog::{Catalog, Table};
use crate::expr;
use crate::model::{ConstraintKind, IndexMethod, ReplicaIdentity, SqlType};
use crate::sql::quote;
use std::fmt::Write as _;

pub(super) fn render_table(out: &mut String, number: usize, table: &Table, catalog: &Catalog, opt_out: Option<&str>) {
    let _ = writeln!(out, "### {number}. {}\n", table.name.name);
    let _ = writeln!(out, "**Purpose**: {}\n", one_line(&table.comment));
    let _ = writeln!(out, "**Columns**:\n");
    let _ = writeln!(out, "| Column | Type | Null | Default | Constraints | Description |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
    for column in &table.columns {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            column.name,
            column.data_type.short_name(),
            if column.nullable { "yes" } else { "no" },
            column.default.as_deref().map(code).unwrap_or_default(),
            cell(&column_constraints(table, catalog, &column.name).join("; ")),
            cell(&column.comment),
        );
    }
    out.push('\n');
    render_constraints(out, table);
    render_indexes(out, table);
    render_security(out, table, opt_out);
    render_replication(out, table);
    if !table.triggers.is_empty() {
        let _ = writeln!(out, "**Triggers**:\n");
        for trigger in &table.triggers {
            let events: Vec<&str> = trigger.events.iter().map(|e| e.sql()).collect();
            let _ = writeln!(
                out,
                "- `{}`: {:?} {} for each row → `{}()`",
                trigger.name,
                trigger.timing,
                events.join(" OR "),
                trigger.function
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "---\n");
}

/// Short constraint notes for a column's row: identity, PK, unique, allowed
/// values (of a text enum or an enum type), FK, and the CHECKs about this
/// column alone.
fn column_constraints(table: &Table, catalog: &Catalog, column: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(found) = table.column(column) {
        if let Some(identity) = found.identity {
            notes.push(format!("identity (GENERATED {})", identity.sql()));
        }
        let element = found.data_type.as_str().trim_end_matches("[]");
        if let Some(enum_type) = catalog.enums.iter().find(|e| SqlType::named(&e.name).as_str() == element) {
            let values: Vec<String> = enum_type.values.iter().map(|v| format!("`{v}`")).collect();
            notes.push(format!("enum: {}", values.join(", ")));
        }
    }
    for constraint in &table.constraints {
        match &constraint.kind {
            ConstraintKind::PrimaryKey { columns } if columns == &[column] => notes.push("PK".to_owned()),
            ConstraintKind::Unique { columns } if columns == &[column] => notes.push("unique".to_owned()),
            ConstraintKind::AllowedValues { column: c, values } if c == column => {
                let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                notes.push(format!("one of {}", values.join(", ")));
            }
            ConstraintKind::ForeignKey { columns, references, referenced_columns, on_delete, on_update, .. } if columns == &[column] => {
                // A table of another schema (the platform's `auth.users`) is named with it.
                let target = if references.schema == table.name.schema { references.name.clone() } else { references.to_string() };
                let mut note = format!("→ {target}.{}", referenced_columns.join(", "));
                let actions: Vec<String> = [("delete", on_delete), ("update", on_update)]
                    .into_iter()
                    .filter(|(_, action)| !action.is_default())
                    .map(|(event, action)| format!("on {event} {}", action.sql().to_lowercase()))
                    .collect();
                if !actions.is_empty() {
                    let _ = write!(note, " ({})", actions.join(", "));
                }
                notes.push(note);
            }
            ConstraintKind::Check { expression }
                if expr::column_references(expression).is_ok_and(|refs| refs == [column]) =>
            {
                notes.push(format!("`CHECK ({})`", expression.replace('|', "\\|")));
            }
            _ => {}
        }
    }
    let unique_index = table.indexes.iter().find(|i| {
        i.unique && i.predicate.is_none() && i.columns.len() == 1 && i.columns[0].column == column
    });
    if let Some(index) = unique_index {
        notes.push(format!("unique (`{}`)", index.name));
    }
    notes
}

fn render_constraints(out: &mut String, table: &Table) {
    let _ = writeln!(out, "**Constraints**:\n");
    for constraint in &table.constraints {
        let _ = writeln!(out, "- `{}`: `{}`", constraint.name, constraint_summary(&constraint.kind));
    }
    out.push('\n');
}

fn constraint_summary(kind: &ConstraintKind) -> String {
    match kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", columns.join(", ")),
        ConstraintKind::Unique { columns } => format!("UNIQUE ({})", columns.join(", ")),
        ConstraintKind::Check { expression } => format!("CHECK ({expression})"),
        ConstraintKind::AllowedValues { column, values } => {
            let values: Vec<String> = values.iter().map(|v| quote::literal(v)).collect();
            format!("CHECK ({column} IN ({}))", values.join(", "))
        }
        ConstraintKind::ForeignKey { columns, references, referenced_columns, on_delete, on_update, .. } => {
            let on_update = if on_update.is_default() { String::new() } else { format!(" ON UPDATE {}", on_update.sql()) };
            format!(
                "FOREIGN KEY ({}) REFERENCES {references} ({}){on_update} ON DELETE {}",
                columns.join(", "),
                referenced_columns.join(", "),
                on_delete.sql()
            )
        }
        ConstraintKind::Other { definition } => definition.clone(),
    }
}

fn render_indexes(out: &mut String, table: &Table) {
    let _ = writeln!(out, "**Indexes**:\n");
    if table.indexes.is_empty() {
        let _ = writeln!(out, "- none besides the constraints' own\n");
        return;
    }
    for index in &table.indexes {
        let keys: Vec<String> = index
            .columns
            .iter()
            .map(|c| if c.descending { format!("{} DESC", c.column) } else { c.column.clone() })
            .collect();
        let mut line = format!("- `{}`", index.name);
        let mut tags = Vec::new();
        if index.unique {
            tags.push("unique".to_owned());
        }
        if index.method != IndexMethod::Btree {
            tags.push(index.method.sql().to_uppercase());
        }
        if index.columns.iter().any(|c| c.descending) {
            tags.push("DESC".to_owned());
        }
        if index.predicate.is_some() {
            tags.push("partial".to_owned());
        }
        if !tags.is_empty() {
            let _ = write!(line, " ({})", tags.join(", "));
        }
        let _ = write!(line, " on {}", keys.join(", "));
        if !index.include.is_empty() {
            let _ = write!(line, " INCLUDE ({})", index.include.join(", "));
        }
        if let Some(predicate) = &index.predicate {
            let _ = write!(line, " WHERE `{predicate}`");
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

fn render_security(out: &mut String, table: &Table, opt_out: Option<&str>) {
    let rls = match (table.rls_enabled, table.rls_forced) {
        (true, true) => "enabled and forced".to_owned(),
        (true, false) => "enabled".to_owned(),
        (false, _) => format!("**disabled**: {}", opt_out.unwrap_or("no reason given")),
    };
    // Enabled without a policy, only the owner (and SECURITY DEFINER functions) reach the rows.
    let rls = match opt_out {
        Some(reason) if table.rls_enabled && table.policies.is_empty() => format!("{rls}, no policy: {reason}"),
        _ => rls,
    };
    let _ = writeln!(out, "**Row level security**: {rls}\n");
    let _ = writeln!(out, "**RLS Policies**:\n");
    let _ = writeln!(out, "| Policy | Command | Roles | Kind | USING | WITH CHECK | Purpose |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
    for policy in &table.policies {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            policy.name,
            policy.command.sql(),
            policy.roles.join(", "),
            if policy.permissive { "permissive" } else { "restrictive" },
            policy.using.as_deref().map(code).unwrap_or_default(),
            policy.with_check.as_deref().map(code).unwrap_or_default(),
            cell(&policy.comment),
        );
    }
    out.push('\n');
    let _ = writeln!(out, "**Grants**: {}\n", grants_line(&table.grants));
}

/// What logical decoding sees of the table: its replica identity and the
/// publications it is in, when either differs from the default.
fn render_replication(out: &mut String, table: &Table) {
    let identity = match &table.replica_identity {
        ReplicaIdentity::Default => None,
        ReplicaIdentity::Full => Some("full (UPDATE and DELETE send the whole old row)".to_owned()),
        ReplicaIdentity::Nothing => Some("nothing (no old row is sent)".to_owned()),
        ReplicaIdentity::Index(index) => Some(format!("the columns of index `{index}`")),
    };
    if let Some(identity) = identity {
        let _ = writeln!(out, "**Replica identity**: {identity}\n");
    }
    if !table.publications.is_empty() {
        let names: Vec<String> = table.publications.iter().map(|p| format!("`{p}`")).collect();
        let _ = writeln!(out, "**Publications**: {} (the platform's; the migrations add and remove the table)\n", names.join(", "));
    }
}
