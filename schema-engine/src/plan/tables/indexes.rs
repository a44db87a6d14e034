//! Planning indexes of an existing table or materialized view: built and
//! dropped `CONCURRENTLY`, each in a migration of its own outside a
//! transaction; a changed index is built before the old one goes. A
//! materialized view the plan creates again gets its indexes in the
//! transaction that fills it instead.

use super::helper_name;
use crate::plan::{Phase, Planner, Stage, Step};
use crate::compare::{Attribute, ChangeKind, Object};
use crate::model::*;
use crate::sql::{Statement, Target};

/// Index changes on an existing table or materialized view: built and dropped
/// concurrently; a changed index is built anew before the old one is dropped,
/// so no moment is left without it. `recreated` says the relation itself is
/// created again by the plan, so every index of `new` is built: plainly, in
/// the same transaction, which nobody else can see into. The relation then
/// never exists without its indexes (a cache's `REFRESH … CONCURRENTLY` needs
/// its unique one), and a build that fails, say on a duplicate key of the new
/// query, rolls the whole change back and leaves the old relation in place.
pub(in crate::plan) fn index_changes(p: &mut Planner<'_>, relation: &QualifiedName, old: &[Index], new: &[Index], recreated: bool) {
    let schema = relation.schema.clone();
    let objects = p.objects(|o| matches!(o, Object::Index { table, .. } if table == relation));
    let mut names: Vec<String> = objects.iter().filter_map(|o| match o { Object::Index { name, .. } => Some(name.clone()), _ => None }).collect();
    if recreated {
        names = new.iter().map(|i| i.name.clone()).collect();
    }
    for name in names {
        let object = Object::Index { table: relation.clone(), name: name.clone() };
        let (before, after) = (old.iter().find(|i| i.name == name), new.iter().find(|i| i.name == name));
        let build = |index: &Index| Statement::CreateIndex { table: relation.clone(), index: index.clone(), concurrently: true };
        match (before, after) {
            (_, Some(after)) if recreated => {
                let statement = Statement::CreateIndex { table: relation.clone(), index: after.clone(), concurrently: false };
                let step = Step::new(format!("build index {name} on {relation}"), vec![statement]).on_new_relation();
                p.push(Phase::Definitions, step.with_note("built with the rows, in their transaction"));
                index_comment(p, &schema, after, None);
            }
            (None, Some(after)) => {
                let step = Step::new(format!("build index {name} on {relation}"), vec![build(after)]);
                p.push(Phase::AlterTables, step.with_note("builds without blocking writes; outside a transaction"));
                index_comment(p, &schema, after, None);
            }
            (Some(_), None) => {
                let drop = Statement::DropIndex { schema: schema.clone(), name: name.clone(), concurrently: true };
                p.push(Phase::AlterTables, Step::new(format!("drop index {name} on {relation}"), vec![drop]));
            }
            (Some(before), Some(after)) => {
                let only_comment = p.changes_of(&object).iter().all(|k| matches!(k, ChangeKind::Altered { attribute: Attribute::Comment, .. }));
                if only_comment {
                    index_comment(p, &schema, after, Some(before));
                    continue;
                }
                if !before.valid {
                    // The leftover of a failed concurrent build: nobody uses it.
                    let drop = Statement::DropIndex { schema: schema.clone(), name: name.clone(), concurrently: true };
                    p.push(Phase::AlterTables, Step::new(format!("drop the INVALID index {name} on {relation}"), vec![drop]));
                    p.push(Phase::AlterTables, Step::new(format!("build index {name} on {relation}"), vec![build(after)]));
                } else {
                    replace_index(p, relation, before, after);
                }
                index_comment(p, &schema, after, None);
            }
            (None, None) => {}
        }
    }
}

/// The old index moves aside (a rename, SHARE UPDATE EXCLUSIVE), the new one
/// is built under the declared name, and the old one is dropped: queries have
/// an index the whole time.
fn replace_index(p: &mut Planner<'_>, relation: &QualifiedName, before: &Index, after: &Index) {
    let schema = &relation.schema;
    let aside = helper_name(&format!("{}_replaced", before.name));
    let rename = Statement::RenameIndex { schema: schema.clone(), name: before.name.clone(), to: aside.clone() };
    p.push(Phase::AlterTables, Step::new(format!("move index {} aside as {aside}", before.name), vec![rename]));
    let build = Statement::CreateIndex { table: relation.clone(), index: after.clone(), concurrently: true };
    p.push(Phase::AlterTables, Step::new(format!("build the new index {} on {relation}", after.name), vec![build]));
    let drop = Statement::DropIndex { schema: schema.clone(), name: aside, concurrently: true };
    p.push(Phase::AlterTables, Step::new(format!("drop the old index {} on {relation}", before.name), vec![drop]));
}

/// An index's comment, set once the index exists (after an online build).
fn index_comment(p: &mut Planner<'_>, schema: &str, index: &Index, before: Option<&Index>) {
    let old = before.map(|i| i.comment.as_str()).unwrap_or_default();
    if index.comment == old {
        return;
    }
    let target = Target::Index { schema: schema.to_owned(), name: index.name.clone() };
    let statement = Statement::Comment { target, text: (!index.comment.is_empty()).then(|| index.comment.clone()) };
    let step = Step::new(format!("comment on index {schema}.{}", index.name), vec![statement]).in_stage(Stage::Finish);
    p.push(Phase::Metadata, step);
}
