//! Comparing tables: their own attributes, columns, constraints, indexes,
//! policies and triggers.

use super::{list, pair, pair_by, Attribute, ChangeKind, Changes, Object, Paired, Renames};
use crate::catalog::{Catalog, Table};
use crate::model::{
    Column, Constraint, ConstraintKind, Index, Policy, ProvidedTableTrigger, QualifiedName, ReplicaIdentity, Trigger,
    TriggerEnabled,
};
use crate::sql::{constraint_definition, index_key};

pub(super) fn tables(out: &mut Changes, old: &Catalog, new: &Catalog, renames: &Renames) {
    let old_name = |t: &Table| renames.table_from(&t.name).cloned().unwrap_or_else(|| t.name.clone());
    for paired in pair(&old.tables, &new.tables, |t| t.name.clone(), old_name) {
        match paired {
            Paired::Added(t) => out.added(Object::Table { name: t.name.clone() }),
            Paired::Removed(t) => out.removed(Object::Table { name: t.name.clone() }),
            Paired::Both(before, after) => {
                if before.name != after.name {
                    out.push(Object::Table { name: after.name.clone() }, ChangeKind::Renamed { from: before.name.to_string() });
                }
                table(out, before, after, renames);
            }
        }
    }
}

fn table(out: &mut Changes, old: &Table, new: &Table, renames: &Renames) {
    let name = &new.name;
    let object = Object::Table { name: name.clone() };
    out.owner(&object, &old.owner, &new.owner);
    out.comment(&object, &old.comment, &new.comment);
    out.flag(&object, Attribute::RowLevelSecurity, old.rls_enabled, new.rls_enabled, ("enabled", "disabled"));
    out.flag(&object, Attribute::ForceRowLevelSecurity, old.rls_forced, new.rls_forced, ("forced", "not forced"));
    out.attribute(&object, Attribute::ReplicaIdentity, replica_identity(&old.replica_identity), replica_identity(&new.replica_identity));
    out.attribute(&object, Attribute::Publications, list(&old.publications), list(&new.publications));
    out.attribute(&object, Attribute::StorageParameters, list(&old.options), list(&new.options));
    out.grants(&object, &old.grants, &new.grants);

    let old_column = |c: &Column| renames.column_from(name, &c.name).unwrap_or(&c.name).to_owned();
    for paired in pair(&old.columns, &new.columns, |c| c.name.clone(), old_column) {
        match paired {
            Paired::Added(c) => out.added(Object::Column { table: name.clone(), name: c.name.clone() }),
            Paired::Removed(c) => out.removed(Object::Column { table: name.clone(), name: c.name.clone() }),
            Paired::Both(before, after) => {
                let object = Object::Column { table: name.clone(), name: after.name.clone() };
                if before.name != after.name {
                    out.push(object.clone(), ChangeKind::Renamed { from: before.name.clone() });
                }
                column(out, &object, before, after);
            }
        }
    }
    for paired in pair_by(&old.constraints, &new.constraints, |c| c.name.clone()) {
        let object = |c: &Constraint| Object::Constraint { table: name.clone(), name: c.name.clone() };
        match paired {
            Paired::Added(c) => out.added(object(c)),
            Paired::Removed(c) => out.removed(object(c)),
            Paired::Both(before, after) => constraint(out, &object(after), before, after),
        }
    }
    indexes(out, name, &old.indexes, &new.indexes);
    for paired in pair_by(&old.policies, &new.policies, |p| p.name.clone()) {
        let object = |p: &Policy| Object::Policy { table: name.clone(), name: p.name.clone() };
        match paired {
            Paired::Added(p) => out.added(object(p)),
            Paired::Removed(p) => out.removed(object(p)),
            Paired::Both(before, after) => policy(out, &object(after), before, after),
        }
    }
    for paired in pair_by(&old.triggers, &new.triggers, |t| t.name.clone()) {
        let object = |t: &Trigger| Object::Trigger { table: name.clone(), name: t.name.clone() };
        match paired {
            Paired::Added(t) => out.added(object(t)),
            Paired::Removed(t) => out.removed(object(t)),
            Paired::Both(before, after) => trigger(out, &object(after), before, after),
        }
    }
}

/// The project's triggers on tables the platform provides, matched by table and name.
pub(super) fn provided_table_triggers(out: &mut Changes, old: &Catalog, new: &Catalog) {
    let key = |t: &ProvidedTableTrigger| (t.table.clone(), t.trigger.name.clone());
    for paired in pair_by(&old.provided_table_triggers, &new.provided_table_triggers, key) {
        let object = |t: &ProvidedTableTrigger| Object::Trigger { table: t.table.clone(), name: t.trigger.name.clone() };
        match paired {
            Paired::Added(t) => out.added(object(t)),
            Paired::Removed(t) => out.removed(object(t)),
            Paired::Both(before, after) => trigger(out, &object(after), &before.trigger, &after.trigger),
        }
    }
}

fn replica_identity(identity: &ReplicaIdentity) -> String {
    match identity {
        ReplicaIdentity::Default => "default (primary key)".to_owned(),
        ReplicaIdentity::Full => "full".to_owned(),
        ReplicaIdentity::Nothing => "nothing".to_owned(),
        ReplicaIdentity::Index(index) => format!("index {index}"),
    }
}

fn column(out: &mut Changes, object: &Object, old: &Column, new: &Column) {
    out.differs(object, Attribute::Type, &old.data_type, &new.data_type, ToString::to_string);
    out.flag(object, Attribute::Nullable, old.nullable, new.nullable, ("nullable", "NOT NULL"));
    out.expression(object, Attribute::Default, old.default.as_deref(), new.default.as_deref());
    out.differs(object, Attribute::Identity, &old.identity, &new.identity, |identity| {
        identity.map_or_else(|| "none".to_owned(), |i| format!("GENERATED {} AS IDENTITY", i.sql()))
    });
    out.expression(object, Attribute::Generated, old.generated.as_deref(), new.generated.as_deref());
    out.differs(object, Attribute::Collation, &old.collation, &new.collation, |collation| {
        collation.clone().unwrap_or_else(|| "default".to_owned())
    });
    out.comment(object, &old.comment, &new.comment);
    out.grants(object, &old.grants, &new.grants);
}

fn constraint(out: &mut Changes, object: &Object, old: &Constraint, new: &Constraint) {
    let same = match (check_expression(&old.kind), check_expression(&new.kind)) {
        // Postgres stores a text enum's `IN (...)` as `= ANY (ARRAY[...])`, which reads
        // back as either kind: compare what the two check, not how they are modelled.
        (Some(a), Some(b)) => crate::expr::normalize(&a) == crate::expr::normalize(&b),
        _ => old.kind == new.kind,
    };
    if !same {
        out.attribute(object, Attribute::Definition, constraint_definition(&old.kind), constraint_definition(&new.kind));
    }
    out.attribute(object, Attribute::Deferrable, old.deferral.sql().to_owned(), new.deferral.sql().to_owned());
    out.flag(object, Attribute::Validated, old.validated, new.validated, ("validated", "NOT VALID"));
    out.comment(object, &old.comment, &new.comment);
}

/// The boolean expression a CHECK-like constraint enforces.
fn check_expression(kind: &ConstraintKind) -> Option<String> {
    match kind {
        ConstraintKind::Check { .. } | ConstraintKind::AllowedValues { .. } => {
            Some(constraint_definition(kind).trim_start_matches("CHECK ").to_owned())
        }
        _ => None,
    }
}

/// Indexes of a table or a materialized view.
pub(super) fn indexes(out: &mut Changes, table: &QualifiedName, old: &[Index], new: &[Index]) {
    for paired in pair_by(old, new, |i| i.name.clone()) {
        let object = |i: &Index| Object::Index { table: table.clone(), name: i.name.clone() };
        match paired {
            Paired::Added(i) => out.added(object(i)),
            Paired::Removed(i) => out.removed(object(i)),
            Paired::Both(before, after) => index(out, &object(after), before, after),
        }
    }
}

fn index(out: &mut Changes, object: &Object, old: &Index, new: &Index) {
    out.attribute(object, Attribute::Method, old.method.sql().to_owned(), new.method.sql().to_owned());
    out.flag(object, Attribute::Unique, old.unique, new.unique, ("unique", "not unique"));
    let keys = |i: &Index| i.columns.iter().map(index_key).collect::<Vec<_>>();
    let normalized = |i: &Index| keys(i).iter().map(|k| crate::expr::normalize(k)).collect::<Vec<_>>();
    if normalized(old) != normalized(new) {
        out.attribute(object, Attribute::Keys, keys(old).join(", "), keys(new).join(", "));
    }
    out.attribute(object, Attribute::Include, list(&old.include), list(&new.include));
    out.expression(object, Attribute::Predicate, old.predicate.as_deref(), new.predicate.as_deref());
    out.flag(object, Attribute::NullsNotDistinct, old.nulls_not_distinct, new.nulls_not_distinct, ("NULLS NOT DISTINCT", "NULLS DISTINCT"));
    out.attribute(object, Attribute::StorageParameters, list(&old.options), list(&new.options));
    out.flag(object, Attribute::Valid, old.valid, new.valid, ("valid", "INVALID (a failed concurrent build)"));
    out.comment(object, &old.comment, &new.comment);
}

fn policy(out: &mut Changes, object: &Object, old: &Policy, new: &Policy) {
    out.attribute(object, Attribute::Command, old.command.sql().to_owned(), new.command.sql().to_owned());
    out.flag(object, Attribute::Permissive, old.permissive, new.permissive, ("PERMISSIVE", "RESTRICTIVE"));
    let roles = |p: &Policy| {
        let mut roles = p.roles.clone();
        roles.sort();
        list(&roles)
    };
    out.attribute(object, Attribute::Roles, roles(old), roles(new));
    out.expression(object, Attribute::Using, old.using.as_deref(), new.using.as_deref());
    out.expression(object, Attribute::WithCheck, old.with_check.as_deref(), new.with_check.as_deref());
    out.comment(object, &old.comment, &new.comment);
}

fn trigger(out: &mut Changes, object: &Object, old: &Trigger, new: &Trigger) {
    out.attribute(object, Attribute::Timing, old.timing.sql().to_owned(), new.timing.sql().to_owned());
    let events = |t: &Trigger| {
        let mut events = t.events.clone();
        events.sort();
        events.dedup();
        list(&events.iter().map(|e| e.sql()).collect::<Vec<_>>())
    };
    out.attribute(object, Attribute::Events, events(old), events(new));
    out.flag(object, Attribute::Level, old.for_each_statement, new.for_each_statement, ("FOR EACH STATEMENT", "FOR EACH ROW"));
    out.attribute(object, Attribute::UpdateOf, list(&old.update_of), list(&new.update_of));
    out.expression(object, Attribute::When, old.when.as_deref(), new.when.as_deref());
    out.attribute(object, Attribute::Function, old.function.to_string(), new.function.to_string());
    out.attribute(object, Attribute::Arguments, list(&old.arguments), list(&new.arguments));
    let enabled = |t: &Trigger| {
        match t.enabled {
            TriggerEnabled::Origin => "enabled",
            TriggerEnabled::Disabled => "disabled",
            TriggerEnabled::Replica => "enabled in replica sessions only",
            TriggerEnabled::Always => "enabled always, replica sessions too",
        }
        .to_owned()
    };
    out.attribute(object, Attribute::Enabled, enabled(old), enabled(new));
    out.comment(object, &old.comment, &new.comment);
}
