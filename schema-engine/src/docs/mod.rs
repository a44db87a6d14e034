//! The Markdown data dictionary, rendered from the catalog the declarations
//! lower to, with the declarations' own words (view groups, what a view reads
//! as written, why a table opts out of RLS) beside it.
//!
//! Organised like the seed dictionary (contents; per table: purpose, columns,
//! indexes, RLS policies) and more complete: every constraint, grants, triggers,
//! functions and an ER diagram. No timestamps: the same model gives the same bytes.

mod mermaid;
mod views;

use crate::catalog::{Catalog, Table};
use crate::expr;
use crate::model::{ConstraintKind, FunctionReturn, Grant, Index, IndexMethod, Schema};
use crate::sql::quote;
use std::fmt::Write as _;

/// Project-specific prose placed around the generated reference.
#[derive(Debug, Clone, Default)]
pub struct DictionaryText {
    /// The first line: an HTML comment saying what writes the file.
    pub header: String,
    pub title: String,
    /// Markdown shown after the title: what the database is, conventions.
    pub introduction: String,
    /// Markdown explaining the security model (who is an operator, what anon sees).
    pub security_model: String,
    /// The heading of the deviations section (e.g. "Deviations from the seed dictionary").
    pub deviations_heading: String,
    /// Markdown listing where the schema deliberately departs from its specification.
    pub deviations: String,
    /// What running as the caller means for this project's views, after
    /// "N of them run with `security_invoker = true`: ".
    pub views_security: String,
    /// Why views are cached, after "N views ": e.g. "aggregate too many rows
    /// to answer within the target on every read".
    pub cached_views_reason: String,
}

/// Renders the whole dictionary.
pub fn render_dictionary(schema: &Schema, catalog: &Catalog, text: &DictionaryText) -> String {
    let mut out = String::new();
    if !text.header.is_empty() {
        let _ = writeln!(out, "{}\n", text.header);
    }
    let _ = writeln!(out, "# {}\n", text.title);
    push_block(&mut out, &text.introduction);
    render_contents(&mut out, catalog);
    let _ = writeln!(out, "## Tables\n");
    for (number, table) in catalog.tables.iter().enumerate() {
        let opt_out = schema.table(&table.name).and_then(|t| t.rls.opt_out_reason.as_deref());
        render_table(&mut out, number + 1, table, opt_out);
    }
    views::render_views(&mut out, schema, catalog, text);
    render_prerequisites(&mut out, catalog);
    render_functions(&mut out, schema);
    render_index_summary(&mut out, catalog);
    render_policy_summary(&mut out, catalog, &text.security_model);
    let _ = writeln!(out, "## Entity relationships\n");
    out.push_str(&mermaid::er_diagram(catalog));
    out.push('\n');
    if !text.deviations.trim().is_empty() {
        let _ = writeln!(out, "## {}\n", text.deviations_heading);
        push_block(&mut out, &text.deviations);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn push_block(out: &mut String, markdown: &str) {
    let trimmed = markdown.trim();
    if !trimmed.is_empty() {
        out.push_str(trimmed);
        out.push_str("\n\n");
    }
}

fn render_contents(out: &mut String, schema: &Catalog) {
    let _ = writeln!(out, "## Contents\n");
    let _ = writeln!(out, "1. [Tables](#tables)");
    for (number, table) in schema.tables.iter().enumerate() {
        let _ = writeln!(out, "   {}. [{}](#{}-{})", number + 1, table.name.name, number + 1, anchor(&table.name.name));
    }
    for (number, (title, target)) in [
        ("Views", "views"),
        ("Functions", "functions"),
        ("Indexes", "indexes"),
        ("RLS Policies", "rls-policies"),
        ("Entity relationships", "entity-relationships"),
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(out, "{}. [{title}](#{target})", number + 2);
    }
    out.push('\n');
}

/// GitHub's heading anchor for a heading made of a table name.
fn anchor(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect::<String>().to_lowercase()
}

fn render_table(out: &mut String, number: usize, table: &Table, opt_out: Option<&str>) {
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
            cell(&column_constraints(table, &column.name).join("; ")),
            cell(&column.comment),
        );
    }
    out.push('\n');
    render_constraints(out, table);
    render_indexes(out, table);
    render_security(out, table, opt_out);
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

/// Short constraint notes for a column's row: PK, unique, allowed values, FK, and
/// the CHECKs about this column alone.
fn column_constraints(table: &Table, column: &str) -> Vec<String> {
    let mut notes = Vec::new();
    for constraint in &table.constraints {
        match &constraint.kind {
            ConstraintKind::PrimaryKey { columns } if columns == &[column] => notes.push("PK".to_owned()),
            ConstraintKind::Unique { columns } if columns == &[column] => notes.push("unique".to_owned()),
            ConstraintKind::AllowedValues { column: c, values } if c == column => {
                let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                notes.push(format!("one of {}", values.join(", ")));
            }
            ConstraintKind::ForeignKey { columns, references, referenced_columns, .. } if columns == &[column] => {
                notes.push(format!("→ {}.{}", references.name, referenced_columns.join(", ")));
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
        ConstraintKind::ForeignKey { columns, references, referenced_columns, on_delete, .. } => format!(
            "FOREIGN KEY ({}) REFERENCES {references} ({}) ON DELETE {}",
            columns.join(", "),
            referenced_columns.join(", "),
            on_delete.sql()
        ),
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

pub(crate) fn grants_line(grants: &[Grant]) -> String {
    if grants.is_empty() {
        return "none (all privileges revoked from the API roles)".to_owned();
    }
    let parts: Vec<String> = grants
        .iter()
        .map(|g| {
            let privileges: Vec<&str> = g.privileges.iter().map(|p| p.sql()).collect();
            format!("`{}`: {}", g.role, privileges.join(", "))
        })
        .collect();
    format!("{}; everything else revoked", parts.join("; "))
}

fn render_prerequisites(out: &mut String, schema: &Catalog) {
    if schema.prerequisites.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Platform prerequisites\n");
    let _ = writeln!(out, "Functions the platform provides; the migration defines them only where they are missing.\n");
    for prerequisite in &schema.prerequisites {
        let _ = writeln!(out, "- `{}`: {}", prerequisite.function, one_line(&prerequisite.purpose));
    }
    out.push('\n');
}

fn render_functions(out: &mut String, schema: &Schema) {
    let _ = writeln!(out, "## Functions\n");
    for (number, function) in schema.functions.iter().enumerate() {
        let arguments: Vec<String> =
            function.arguments.iter().map(|a| format!("{} {}", a.name, a.data_type.short_name())).collect();
        let _ = writeln!(out, "### {}. {}({})\n", number + 1, function.name.name, arguments.join(", "));
        let _ = writeln!(out, "**Purpose**: {}  ", one_line(&function.comment));
        let returns = match &function.returns {
            FunctionReturn::Trigger => "trigger".to_owned(),
            FunctionReturn::Scalar { data_type } => data_type.short_name(),
            FunctionReturn::Table { columns } => {
                let columns: Vec<String> =
                    columns.iter().map(|c| format!("{} {}", c.name, c.data_type.short_name())).collect();
                format!("TABLE ({})", columns.join(", "))
            }
        };
        let _ = writeln!(out, "**Returns**: {returns}  ");
        let _ = writeln!(
            out,
            "**Security**: {}, {}, `search_path` = {}  ",
            if function.security_definer { "SECURITY DEFINER" } else { "SECURITY INVOKER" },
            function.volatility.sql(),
            function.search_path.as_deref().map(|p| format!("`{}`", quote::literal(p))).unwrap_or_else(|| "not pinned".into())
        );
        let execute = if function.execute_roles.is_empty() {
            "nobody through the API (EXECUTE revoked from PUBLIC and the API roles)".to_owned()
        } else {
            format!("{} (revoked from PUBLIC and every other role)", function.execute_roles.join(", "))
        };
        let _ = writeln!(out, "**Execute**: {execute}  ");
        let schedule = match &function.schedule {
            Some(s) => format!("pg_cron job `{}` at `{}` UTC, created where pg_cron is installed", s.job_name, s.cron),
            None => "none".to_owned(),
        };
        let _ = writeln!(out, "**Schedule**: {schedule}\n");
    }
}

fn render_index_summary(out: &mut String, schema: &Catalog) {
    let indexes: Vec<&Index> = schema.tables.iter().flat_map(|t| &t.indexes).collect();
    let constraint_indexes = schema
        .tables
        .iter()
        .flat_map(|t| &t.constraints)
        .filter(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }))
        .count();
    let count = |pred: &dyn Fn(&Index) -> bool| indexes.iter().filter(|i| pred(i)).count();
    let _ = writeln!(out, "## Indexes\n");
    let _ = writeln!(
        out,
        "**Total**: {} declared indexes, plus {constraint_indexes} that back primary key and unique constraints ({} in all).\n",
        indexes.len(),
        indexes.len() + constraint_indexes
    );
    let _ = writeln!(out, "- Descending (recent data first): {}", count(&|i| i.columns.iter().any(|c| c.descending)));
    let _ = writeln!(out, "- Partial (alert and issue filtering): {}", count(&|i| i.predicate.is_some()));
    let _ = writeln!(out, "- GIN (array searches): {}", count(&|i| i.method == IndexMethod::Gin));
    let _ = writeln!(out, "- Covering (INCLUDE): {}", count(&|i| !i.include.is_empty()));
    let _ = writeln!(out, "- Unique: {}\n", count(&|i| i.unique));
}

fn render_policy_summary(out: &mut String, schema: &Catalog, security_model: &str) {
    let policies: usize = schema.tables.iter().map(|t| t.policies.len()).sum();
    let with_rls = schema.tables.iter().filter(|t| t.rls_enabled).count();
    let _ = writeln!(out, "## RLS Policies\n");
    let _ = writeln!(
        out,
        "**Total**: {policies} policies on {} tables; row level security is enabled on {with_rls} of them.\n",
        schema.tables.len()
    );
    push_block(out, security_model);
}

/// Inline code for a table cell, with pipes escaped.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('|', "\\|"))
}

/// Text for a table cell: one line, pipes escaped.
pub(crate) fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
