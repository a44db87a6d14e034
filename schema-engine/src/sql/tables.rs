//! Rendering tables and what hangs off them: columns, constraints, indexes,
//! policies, triggers, sequences and `ALTER TABLE` actions.

use super::quote::{ident, ident_list, literal, qualified};
use super::statement::TableAction;
use crate::catalog::{Sequence, Table};
use crate::model::*;
use std::fmt::Write as _;

pub(super) fn create_table(table: &Table) -> String {
    let mut lines: Vec<String> = table.columns.iter().map(column).collect();
    lines.extend(table.constraints.iter().map(constraint));
    format!("CREATE TABLE {} (\n    {}\n);", qualified(&table.name), lines.join(",\n    "))
}

/// A column as CREATE TABLE and ADD COLUMN spell it.
fn column(column: &Column) -> String {
    let mut sql = format!("{} {}", ident(&column.name), column.data_type);
    if let Some(collation) = &column.collation {
        let _ = write!(sql, " COLLATE {}", ident(collation));
    }
    if let Some(identity) = column.identity {
        let _ = write!(sql, " GENERATED {} AS IDENTITY", identity.sql());
    }
    if let Some(expression) = &column.generated {
        let _ = write!(sql, " GENERATED ALWAYS AS ({expression}) STORED");
    }
    if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        let _ = write!(sql, " DEFAULT {default}");
    }
    sql
}

/// A constraint as it appears inside CREATE TABLE or after ALTER TABLE … ADD.
pub fn constraint(constraint: &Constraint) -> String {
    let mut sql = format!("CONSTRAINT {} {}", ident(&constraint.name), constraint_definition(&constraint.kind));
    if !constraint.deferral.is_default() {
        let _ = write!(sql, " {}", constraint.deferral.sql());
    }
    sql
}

/// What a constraint enforces, without its name.
pub fn constraint_definition(kind: &ConstraintKind) -> String {
    match kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", ident_list(columns)),
        ConstraintKind::Unique { columns } => format!("UNIQUE ({})", ident_list(columns)),
        ConstraintKind::Check { expression } => format!("CHECK ({expression})"),
        ConstraintKind::AllowedValues { column, values } => {
            let values: Vec<String> = values.iter().map(|v| literal(v)).collect();
            format!("CHECK ({} IN ({}))", ident(column), values.join(", "))
        }
        ConstraintKind::ForeignKey { columns, references, referenced_columns, on_delete, on_update, match_full } => {
            let mut sql = format!("FOREIGN KEY ({}) REFERENCES {} ({})", ident_list(columns), qualified(references), ident_list(referenced_columns));
            if *match_full {
                sql.push_str(" MATCH FULL");
            }
            if !on_update.is_default() {
                let _ = write!(sql, " ON UPDATE {}", on_update.sql());
            }
            let _ = write!(sql, " ON DELETE {}", on_delete.sql());
            sql
        }
        ConstraintKind::Other { definition } => definition.clone(),
    }
}

/// One index key as CREATE INDEX spells it: `column [COLLATE c] [opclass] [DESC] [NULLS …]`.
pub fn index_key(key: &IndexColumn) -> String {
    let mut sql = if key.column.starts_with('(') { key.column.clone() } else { ident(&key.column) };
    if let Some(collation) = &key.collation {
        let _ = write!(sql, " COLLATE {}", ident(collation));
    }
    if let Some(opclass) = &key.opclass {
        let _ = write!(sql, " {opclass}");
    }
    if key.descending {
        sql.push_str(" DESC");
    }
    if let Some(first) = key.nulls_first.filter(|first| *first != key.descending) {
        sql.push_str(if first { " NULLS FIRST" } else { " NULLS LAST" });
    }
    sql
}

pub(super) fn create_index(table: &QualifiedName, index: &Index, concurrently: bool) -> String {
    let keys: Vec<String> = index.columns.iter().map(index_key).collect();
    let mut sql = format!(
        "CREATE {}INDEX {}{} ON {}",
        if index.unique { "UNIQUE " } else { "" },
        if concurrently { "CONCURRENTLY " } else { "" },
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
    if index.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if !index.options.is_empty() {
        let _ = write!(sql, " WITH ({})", index.options.join(", "));
    }
    if let Some(predicate) = &index.predicate {
        let _ = write!(sql, " WHERE {predicate}");
    }
    sql.push(';');
    sql
}

pub(super) fn drop_invalid_index(schema: &str, name: &str) -> String {
    let target = format!("{}.{}", ident(schema), ident(name));
    format!(
        "-- The leftover of a failed concurrent build of {target}, if any, so it can be built again.\n\
         DO $cleanup$\nBEGIN\n    IF EXISTS (SELECT FROM pg_catalog.pg_index WHERE indexrelid = to_regclass({}) AND NOT indisvalid) THEN\n        DROP INDEX {target};\n    END IF;\nEND\n$cleanup$;",
        literal(&target)
    )
}

pub(super) fn create_policy(table: &QualifiedName, policy: &Policy) -> String {
    let roles: Vec<String> = policy.roles.iter().map(|r| role(r)).collect();
    let mut sql = format!(
        "CREATE POLICY {} ON {}\n    AS {}\n    FOR {}\n    TO {}",
        ident(&policy.name),
        qualified(table),
        if policy.permissive { "PERMISSIVE" } else { "RESTRICTIVE" },
        policy.command.sql(),
        roles.join(", ")
    );
    policy_expressions(&mut sql, policy);
    sql.push(';');
    sql
}

pub(super) fn alter_policy(table: &QualifiedName, policy: &Policy) -> String {
    let roles: Vec<String> = policy.roles.iter().map(|r| role(r)).collect();
    let mut sql = format!("ALTER POLICY {} ON {}\n    TO {}", ident(&policy.name), qualified(table), roles.join(", "));
    policy_expressions(&mut sql, policy);
    sql.push(';');
    sql
}

fn policy_expressions(sql: &mut String, policy: &Policy) {
    if let Some(using) = &policy.using {
        let _ = write!(sql, "\n    USING ({using})");
    }
    if let Some(check) = &policy.with_check {
        let _ = write!(sql, "\n    WITH CHECK ({check})");
    }
}

/// A role in a role list: `PUBLIC` (and `public`, as policies read it back) is a keyword.
pub(super) fn role(name: &str) -> String {
    if name.eq_ignore_ascii_case(Grant::PUBLIC) {
        "PUBLIC".to_owned()
    } else {
        ident(name)
    }
}

pub(super) fn create_trigger(table: &QualifiedName, trigger: &Trigger) -> String {
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            TriggerEvent::Update if !trigger.update_of.is_empty() => format!("UPDATE OF {}", ident_list(&trigger.update_of)),
            other => other.sql().to_owned(),
        })
        .collect();
    let mut sql = format!(
        "CREATE TRIGGER {} {} {} ON {}\n    FOR EACH {}",
        ident(&trigger.name),
        trigger.timing.sql(),
        events.join(" OR "),
        qualified(table),
        if trigger.for_each_statement { "STATEMENT" } else { "ROW" },
    );
    if let Some(condition) = &trigger.when {
        let _ = write!(sql, "\n    WHEN ({condition})");
    }
    let arguments: Vec<String> = trigger.arguments.iter().map(|a| literal(a)).collect();
    let _ = write!(sql, " EXECUTE FUNCTION {}({});", qualified(&trigger.function), arguments.join(", "));
    if !trigger.enabled.is_default() {
        let _ = write!(sql, "\nALTER TABLE {} {} {};", qualified(table), trigger.enabled.sql(), ident(&trigger.name));
    }
    sql
}

pub(super) fn sequence(sequence: &Sequence, verb: &str) -> String {
    let mut sql = format!(
        "{verb} SEQUENCE {} AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
        qualified(&sequence.name),
        sequence.data_type,
        sequence.increment,
        sequence.min_value,
        sequence.max_value,
        sequence.start,
        sequence.cache,
        if sequence.cycle { "CYCLE" } else { "NO CYCLE" },
    );
    match &sequence.owned_by {
        Some((table, column)) => {
            let _ = write!(sql, " OWNED BY {}.{}", qualified(table), ident(column));
        }
        None if verb == "ALTER" => sql.push_str(" OWNED BY NONE"),
        None => {}
    }
    sql.push(';');
    sql
}

pub(super) fn alter_table(table: &QualifiedName, action: &TableAction) -> String {
    let column = |name: &str| ident(name);
    let body = match action {
        TableAction::AddColumn(c) => format!("ADD COLUMN {}", self::column(c)),
        TableAction::DropColumn(name) => format!("DROP COLUMN {}", column(name)),
        TableAction::RenameColumn { from, to } => format!("RENAME COLUMN {} TO {}", column(from), column(to)),
        TableAction::AlterColumnType { column: name, data_type, collation } => {
            let collate = collation.as_ref().map(|c| format!(" COLLATE {}", ident(c))).unwrap_or_default();
            format!("ALTER COLUMN {} TYPE {data_type}{collate} USING {}::{data_type}", column(name), column(name))
        }
        TableAction::SetNotNull(name) => format!("ALTER COLUMN {} SET NOT NULL", column(name)),
        TableAction::DropNotNull(name) => format!("ALTER COLUMN {} DROP NOT NULL", column(name)),
        TableAction::SetDefault { column: name, default } => format!("ALTER COLUMN {} SET DEFAULT {default}", column(name)),
        TableAction::DropDefault(name) => format!("ALTER COLUMN {} DROP DEFAULT", column(name)),
        TableAction::AddIdentity { column: name, identity } => {
            format!("ALTER COLUMN {} ADD GENERATED {} AS IDENTITY", column(name), identity.sql())
        }
        TableAction::SetIdentity { column: name, identity } => {
            format!("ALTER COLUMN {} SET GENERATED {}", column(name), identity.sql())
        }
        TableAction::DropIdentity(name) => format!("ALTER COLUMN {} DROP IDENTITY", column(name)),
        TableAction::DropExpression(name) => format!("ALTER COLUMN {} DROP EXPRESSION", column(name)),
        TableAction::AddConstraint { constraint: c, not_valid } => {
            format!("ADD {}{}", constraint(c), if *not_valid { " NOT VALID" } else { "" })
        }
        TableAction::AddConstraintUsingIndex { constraint: c, index } => {
            let key = if matches!(c.kind, ConstraintKind::PrimaryKey { .. }) { "PRIMARY KEY" } else { "UNIQUE" };
            let deferral = if c.deferral.is_default() { String::new() } else { format!(" {}", c.deferral.sql()) };
            format!("ADD CONSTRAINT {} {key} USING INDEX {}{deferral}", ident(&c.name), ident(index))
        }
        TableAction::ValidateConstraint(name) => format!("VALIDATE CONSTRAINT {}", ident(name)),
        TableAction::DropConstraint(name) | TableAction::DropHelperCheck(name) => format!("DROP CONSTRAINT {}", ident(name)),
        TableAction::AlterConstraint { name, deferral } => format!("ALTER CONSTRAINT {} {}", ident(name), deferral.sql()),
        TableAction::EnableRowLevelSecurity => "ENABLE ROW LEVEL SECURITY".to_owned(),
        TableAction::DisableRowLevelSecurity => "DISABLE ROW LEVEL SECURITY".to_owned(),
        TableAction::ForceRowLevelSecurity => "FORCE ROW LEVEL SECURITY".to_owned(),
        TableAction::NoForceRowLevelSecurity => "NO FORCE ROW LEVEL SECURITY".to_owned(),
        TableAction::ReplicaIdentity(identity) => match identity {
            ReplicaIdentity::Default => "REPLICA IDENTITY DEFAULT".to_owned(),
            ReplicaIdentity::Full => "REPLICA IDENTITY FULL".to_owned(),
            ReplicaIdentity::Nothing => "REPLICA IDENTITY NOTHING".to_owned(),
            ReplicaIdentity::Index(index) => format!("REPLICA IDENTITY USING INDEX {}", ident(index)),
        },
        TableAction::SetTrigger { name, enabled } => format!("{} {}", enabled.sql(), ident(name)),
        TableAction::SetOptions(options) => format!("SET ({})", options.join(", ")),
        TableAction::ResetOptions(names) => format!("RESET ({})", names.join(", ")),
    };
    format!("ALTER TABLE {} {body};", qualified(table))
}
