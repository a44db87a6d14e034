//! Comparing the objects around the relations: schemas, extensions, enum
//! types, sequences, default privileges and pg_cron jobs.

use super::{list, pair_by, Attribute, Changes, Object, Paired};
use crate::catalog::{Catalog, CronJob, EnumType, Extension, Namespace, Sequence};
use crate::model::{DefaultPrivilege, Grant};

pub(super) fn schemas(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for paired in pair_by(&old.schemas, &new.schemas, |s| s.name.clone()) {
        match paired {
            Paired::Added(s) => out.added(Object::Schema { name: s.name.clone() }),
            Paired::Removed(s) => out.removed(Object::Schema { name: s.name.clone() }),
            Paired::Both(before, after) => schema(out, before, after),
        }
    }
}

fn schema(out: &mut Changes, old: &Namespace, new: &Namespace) {
    let object = Object::Schema { name: new.name.clone() };
    // A provided schema's owner and comment are the platform's: one side
    // without them (the declared one) compares nothing.
    if let (Some(a), Some(b)) = (&old.owner, &new.owner) {
        out.owner(&object, a, b);
    }
    if let (Some(a), Some(b)) = (&old.comment, &new.comment) {
        out.comment(&object, a, b);
    }
    out.grants(&object, &old.grants, &new.grants);
}

/// Extensions the platform manages are not reported when only one side has them.
pub(super) fn extensions(out: &mut Changes, old: &Catalog, new: &Catalog) {
    let managed = |e: &Extension| {
        old.platform.managed_extensions.contains(&e.name) || new.platform.managed_extensions.contains(&e.name)
    };
    for paired in pair_by(&old.extensions, &new.extensions, |e| e.name.clone()) {
        match paired {
            Paired::Added(e) if !managed(e) => out.added(Object::Extension { name: e.name.clone() }),
            Paired::Removed(e) if !managed(e) => out.removed(Object::Extension { name: e.name.clone() }),
            Paired::Both(before, after) => {
                let object = Object::Extension { name: after.name.clone() };
                out.attribute(&object, Attribute::Schema, before.schema.clone(), after.schema.clone());
            }
            _ => {}
        }
    }
}

pub(super) fn enums(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for paired in pair_by(&old.enums, &new.enums, |e| e.name.clone()) {
        let object = |e: &EnumType| Object::Enum { name: e.name.clone() };
        match paired {
            Paired::Added(e) => out.added(object(e)),
            Paired::Removed(e) => out.removed(object(e)),
            Paired::Both(before, after) => {
                let object = object(after);
                out.owner(&object, &before.owner, &after.owner);
                out.comment(&object, &before.comment, &after.comment);
                out.attribute(&object, Attribute::Values, list(&before.values), list(&after.values));
            }
        }
    }
}

pub(super) fn sequences(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for paired in pair_by(&old.sequences, &new.sequences, |s| s.name.clone()) {
        let object = |s: &Sequence| Object::Sequence { name: s.name.clone() };
        match paired {
            Paired::Added(s) => out.added(object(s)),
            Paired::Removed(s) => out.removed(object(s)),
            Paired::Both(before, after) => {
                let object = object(after);
                out.owner(&object, &before.owner, &after.owner);
                out.comment(&object, &before.comment, &after.comment);
                out.attribute(&object, Attribute::Type, before.data_type.to_string(), after.data_type.to_string());
                for (attribute, a, b) in [
                    (Attribute::Start, before.start, after.start),
                    (Attribute::Increment, before.increment, after.increment),
                    (Attribute::MinValue, before.min_value, after.min_value),
                    (Attribute::MaxValue, before.max_value, after.max_value),
                    (Attribute::Cache, before.cache, after.cache),
                ] {
                    out.attribute(&object, attribute, a.to_string(), b.to_string());
                }
                out.flag(&object, Attribute::Cycle, before.cycle, after.cycle, ("CYCLE", "NO CYCLE"));
                let owned = |s: &Sequence| s.owned_by.as_ref().map_or_else(|| "none".to_owned(), |(t, c)| format!("{t}.{c}"));
                out.attribute(&object, Attribute::OwnedBy, owned(before), owned(after));
                out.grants(&object, &before.grants, &after.grants);
            }
        }
    }
}

/// Default privileges by grantee; an entry only one side has compares with no grants.
pub(super) fn default_privileges(out: &mut Changes, old: &Catalog, new: &Catalog) {
    let key = |d: &DefaultPrivilege| (d.role.clone(), d.schema.clone(), d.object_type);
    let none: Vec<Grant> = Vec::new();
    for paired in pair_by(&old.default_privileges, &new.default_privileges, key) {
        let (before, after, entry) = match paired {
            Paired::Added(d) => (&none, &d.grants, d),
            Paired::Removed(d) => (&d.grants, &none, d),
            Paired::Both(before, after) => (&before.grants, &after.grants, after),
        };
        let object = Object::DefaultPrivileges {
            role: entry.role.clone(),
            schema: entry.schema.clone(),
            object_type: entry.object_type,
        };
        out.grants(&object, before, after);
    }
}

pub(super) fn jobs(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for paired in pair_by(&old.jobs, &new.jobs, |j| j.name.clone()) {
        let object = |j: &CronJob| Object::Job { name: j.name.clone() };
        match paired {
            Paired::Added(j) => out.added(object(j)),
            Paired::Removed(j) => out.removed(object(j)),
            Paired::Both(before, after) => {
                let object = object(after);
                out.attribute(&object, Attribute::Schedule, before.schedule.clone(), after.schedule.clone());
                let command = |j: &CronJob| j.command.trim().trim_end_matches(';').trim().to_owned();
                out.attribute(&object, Attribute::JobCommand, command(before), command(after));
                out.flag(&object, Attribute::Active, before.active, after.active, ("active", "inactive"));
            }
        }
    }
}
