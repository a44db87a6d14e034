//! Planning the columns of an existing table: added (refused when NOT NULL
//! without a default), dropped with consent, renamed through a hint, retyped,
//! given a default, an identity or NOT NULL (through a validated CHECK, so
//! SET NOT NULL needs no scan under its lock).

use super::{alter, helper_name};
use crate::plan::objects::{comment, metadata};
use crate::plan::{Phase, Planner, Stage, Step};
use crate::catalog::Table;
use crate::compare::{Attribute, ChangeKind, Object};
use crate::model::*;
use crate::sql::quote::ident;
use crate::sql::{Statement, TableAction, Target};

pub(super) fn columns(p: &mut Planner<'_>, old: &Table, new: &Table) {
    let name = &new.name;
    let column_objects = p.objects(|o| matches!(o, Object::Column { table, .. } if table == name));
    for object in column_objects {
        let Object::Column { name: column_name, .. } = &object else { continue };
        let kinds: Vec<ChangeKind> = p.changes_of(&object).into_iter().cloned().collect();
        if kinds.iter().any(|k| matches!(k, ChangeKind::Added)) {
            if let Some(column) = new.column(column_name) {
                add_column(p, name, column);
            }
            continue;
        }
        if kinds.iter().any(|k| matches!(k, ChangeKind::Removed)) {
            let qualified = format!("{name}.{column_name}");
            if p.needs_consent(&qualified, format!("column {qualified}"), "would be dropped with its data; declare the consent (`allow_drop_column`) or restore the field") {
                p.reshaped_tables.push(name.clone());
                let statement = alter(name, TableAction::DropColumn(column_name.clone()));
                p.push(Phase::DropData, Step::new(format!("drop column {qualified}"), vec![statement]).destructive());
            }
            continue;
        }
        let from = kinds.iter().find_map(|k| match k {
            ChangeKind::Renamed { from } => Some(from.clone()),
            _ => None,
        });
        let Some(after) = new.column(column_name) else { continue };
        let Some(before) = old.column(from.as_deref().unwrap_or(column_name)) else { continue };
        if let Some(from) = &from {
            let statement = alter(name, TableAction::RenameColumn { from: from.clone(), to: column_name.clone() });
            p.push(Phase::Renames, Step::new(format!("rename column {name}.{from} to {column_name}"), vec![statement]));
        }
        alter_column(p, &object, name, before, after, &kinds);
    }
}

fn add_column(p: &mut Planner<'_>, table: &QualifiedName, column: &Column) {
    let object = format!("{table}.{}", column.name);
    if !column.nullable && column.default.is_none() && column.identity.is_none() && column.generated.is_none() {
        p.cannot(
            format!("column {object}"),
            "is NOT NULL without a default, so adding it fails on a table with rows; give it a default or make it Option<_> first",
        );
        return;
    }
    let volatile = column.default.as_deref().is_some_and(is_volatile) || column.identity.is_some() || column.generated.is_some();
    let step = Step::new(format!("add column {object}"), vec![alter(table, TableAction::AddColumn(column.clone()))]);
    let step = if volatile { step.rewrites().with_note("every existing row gets its own value, so the table is rewritten") } else { step };
    p.push(Phase::AlterTables, step);
    if column.identity.is_some() {
        identity_sequence_privileges(p, table, &column.name);
    }
    comment(p, &Target::Column { relation: table.clone(), column: column.name.clone() }, &column.comment, None);
    if !column.grants.is_empty() {
        let target = Target::Column { relation: table.clone(), column: column.name.clone() };
        p.push(Phase::Metadata, Step::new(format!("privileges on column {object}"), crate::plan::objects::grant_statements(&target, &column.grants)));
    }
}

/// Defaults Postgres must evaluate per row when a column is added (PG 11+ stores
/// a non-volatile default once, without rewriting the table).
fn is_volatile(default: &str) -> bool {
    ["random", "gen_random_uuid", "clock_timestamp", "nextval", "timeofday", "uuid_generate"]
        .iter()
        .any(|f| default.to_ascii_lowercase().contains(f))
}

fn alter_column(p: &mut Planner<'_>, object: &Object, table: &QualifiedName, old: &Column, new: &Column, kinds: &[ChangeKind]) {
    let qualified = format!("{table}.{}", new.name);
    let column = new.name.clone();
    let altered = |attribute: Attribute| kinds.iter().any(|k| matches!(k, ChangeKind::Altered { attribute: a, .. } if *a == attribute));
    if altered(Attribute::Type) || altered(Attribute::Collation) {
        let widening = is_widening(&old.data_type, &new.data_type) && old.collation == new.collation;
        let message = format!(
            "changing {} to {} can fail or lose data; declare the consent (`allow_data_loss`) if intended",
            old.data_type, new.data_type
        );
        if widening || p.needs_consent(&qualified, format!("column {qualified}"), &message) {
            p.reshaped_tables.push(table.clone());
            let action = TableAction::AlterColumnType { column: column.clone(), data_type: new.data_type.clone(), collation: new.collation.clone() };
            let step = Step::new(format!("change type of {qualified} from {} to {}", old.data_type, new.data_type), vec![alter(table, action)])
                .rewrites()
                .with_note("rewrites the table and its indexes under an ACCESS EXCLUSIVE lock");
            p.push(Phase::AlterTables, if widening { step } else { step.destructive() });
        }
    }
    if altered(Attribute::Default) {
        let action = match &new.default {
            Some(default) => TableAction::SetDefault { column: column.clone(), default: default.clone() },
            None => TableAction::DropDefault(column.clone()),
        };
        p.push(Phase::AlterTables, Step::new(format!("change default of {qualified}"), vec![alter(table, action)]));
    }
    if altered(Attribute::Nullable) {
        if new.nullable {
            p.push(Phase::AlterTables, Step::new(format!("make {qualified} nullable"), vec![alter(table, TableAction::DropNotNull(column.clone()))]));
        } else {
            set_not_null(p, table, &column);
        }
    }
    if altered(Attribute::Identity) {
        identity(p, table, old, new);
    }
    if altered(Attribute::Generated) {
        match &new.generated {
            None => p.push(Phase::AlterTables, Step::new(format!("make {qualified} a plain column"), vec![alter(table, TableAction::DropExpression(column.clone()))])),
            Some(_) => p.cannot(
                format!("column {qualified}"),
                "cannot become generated (or change its expression) in place on PostgreSQL 15; add a new generated column instead",
            ),
        }
    }
    let target = Target::Column { relation: table.clone(), column: column.clone() };
    metadata(p, object, &target, ("", ""), (&old.comment, &new.comment), (&old.grants, &new.grants));
}

/// An identity added to a column that holds values gets a sequence starting at
/// 1: it is moved past the column's largest value in the same step (from the
/// index where the column leads one), so the next insert does not collide.
/// Changing ALWAYS / BY DEFAULT or dropping the identity is catalog-only.
fn identity(p: &mut Planner<'_>, table: &QualifiedName, old: &Column, new: &Column) {
    let qualified = format!("{table}.{}", new.name);
    let column = new.name.clone();
    let step = match (old.identity, new.identity) {
        (None, Some(identity)) => {
            let indexed = p.new.table(table).is_some_and(|t| {
                t.constraints.iter().any(|c| c.kind.is_key() && c.kind.columns().first() == Some(&column.as_str()))
                    || t.indexes.iter().any(|i| i.predicate.is_none() && i.columns.first().is_some_and(|k| k.column == column))
            });
            let statements = vec![
                alter(table, TableAction::AddIdentity { column: column.clone(), identity }),
                Statement::SyncIdentitySequence { table: table.clone(), column: column.clone(), indexed },
            ];
            let note = if indexed {
                "the new sequence continues after the column's largest value, read from its index"
            } else {
                "the new sequence continues after the column's largest value, found by a scan under the lock; an index on the column avoids it"
            };
            identity_sequence_privileges(p, table, &column);
            Step::new(format!("make {qualified} GENERATED {} AS IDENTITY", identity.sql()), statements).with_note(note)
        }
        (Some(_), Some(identity)) => Step::new(
            format!("make {qualified} GENERATED {}", identity.sql()),
            vec![alter(table, TableAction::SetIdentity { column: column.clone(), identity })],
        ),
        (_, None) => Step::new(format!("drop the identity of {qualified}"), vec![alter(table, TableAction::DropIdentity(column.clone()))])
            .with_note("the column keeps its values; inserts must give one from now on"),
    };
    p.push(Phase::AlterTables, step);
}

/// A new identity sequence gets the platform's default privileges for
/// sequences (Supabase's give the API roles ALL); inserts need none, so they
/// are revoked, as every object revokes what it does not declare.
pub(super) fn identity_sequence_privileges(p: &mut Planner<'_>, table: &QualifiedName, column: &str) {
    let statement = Statement::RevokeIdentitySequence { table: table.clone(), column: column.to_owned(), grantees: p.new.platform.api_roles.clone() };
    p.push(Phase::Metadata, Step::new(format!("privileges on the identity sequence of {table}.{column}"), vec![statement]));
}

/// SET NOT NULL without a full scan under the exclusive lock: a CHECK
/// (column IS NOT NULL) is added NOT VALID now, validated in the next migration
/// under SHARE UPDATE EXCLUSIVE, after which SET NOT NULL trusts it; the CHECK
/// is then dropped again.
fn set_not_null(p: &mut Planner<'_>, table: &QualifiedName, column: &str) {
    let check_name = helper_name(&format!("{}_{column}_not_null", table.name));
    let check = Constraint::new(check_name.clone(), ConstraintKind::Check { expression: format!("{} IS NOT NULL", ident(column)) });
    let add = alter(table, TableAction::AddConstraint { constraint: check, not_valid: true });
    p.push(Phase::AlterTables, Step::new(format!("check that {table}.{column} holds no NULL (NOT VALID)"), vec![add]));
    let finish = vec![
        alter(table, TableAction::ValidateConstraint(check_name.clone())),
        alter(table, TableAction::SetNotNull(column.to_owned())),
        alter(table, TableAction::DropHelperCheck(check_name)),
    ];
    let step = Step::new(format!("make {table}.{column} NOT NULL"), finish)
        .in_stage(Stage::Finish)
        .with_note("validates the NOT VALID check first (SHARE UPDATE EXCLUSIVE), so SET NOT NULL needs no scan under its lock; fails if a NULL is present");
    p.push(Phase::AlterTables, step);
}

/// Type changes that keep every value (the table is still rewritten).
fn is_widening(from: &SqlType, to: &SqlType) -> bool {
    let rank = |t: &str| ["smallint", "integer", "bigint", "numeric"].iter().position(|x| *x == t);
    match (rank(from.as_str()), rank(to.as_str())) {
        (Some(a), Some(b)) => a < b,
        _ => to.as_str() == "text" && !from.as_str().ends_with("[]"),
    }
}
