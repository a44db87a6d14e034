//! Comparing functions: every attribute `pg_proc` keeps, the body, the owner,
//! the comment and who may execute them.

use super::views::first_difference;
use super::{list, pair_by, Attribute, Changes, Object, Paired};
use crate::catalog::{Catalog, Function};
use crate::model::{FunctionArgument, FunctionReturn};

pub(super) fn functions(out: &mut Changes, old: &Catalog, new: &Catalog) {
    for paired in pair_by(&old.functions, &new.functions, Function::id) {
        match paired {
            Paired::Added(f) => out.added(Object::Function { id: f.id() }),
            Paired::Removed(f) => out.removed(Object::Function { id: f.id() }),
            Paired::Both(before, after) => function(out, before, after),
        }
    }
}

fn function(out: &mut Changes, old: &Function, new: &Function) {
    let object = Object::Function { id: new.id() };
    out.owner(&object, &old.owner, &new.owner);
    out.comment(&object, &old.comment, &new.comment);
    out.attribute(&object, Attribute::Returns, returns(&old.returns), returns(&new.returns));
    let names = |f: &Function| list(&f.arguments.iter().map(argument).collect::<Vec<_>>());
    out.attribute(&object, Attribute::ArgumentNames, names(old), names(new));
    let defaults = |f: &Function| {
        list(&f.arguments.iter().filter_map(|a| a.default.as_ref().map(|d| format!("{} = {d}", a.name))).collect::<Vec<_>>())
    };
    out.attribute(&object, Attribute::ArgumentDefaults, defaults(old), defaults(new));
    out.attribute(&object, Attribute::Language, old.language.clone(), new.language.clone());
    out.attribute(&object, Attribute::Volatility, old.volatility.sql().to_owned(), new.volatility.sql().to_owned());
    out.flag(&object, Attribute::Strict, old.strict, new.strict, ("STRICT", "CALLED ON NULL INPUT"));
    out.flag(&object, Attribute::Leakproof, old.leakproof, new.leakproof, ("LEAKPROOF", "NOT LEAKPROOF"));
    out.attribute(&object, Attribute::Parallel, old.parallel.sql().to_owned(), new.parallel.sql().to_owned());
    out.flag(&object, Attribute::Security, old.security_definer, new.security_definer, ("SECURITY DEFINER", "SECURITY INVOKER"));
    out.attribute(&object, Attribute::Config, config(old), config(new));
    out.attribute(&object, Attribute::Cost, old.cost.to_string(), new.cost.to_string());
    out.attribute(&object, Attribute::Rows, old.rows.to_string(), new.rows.to_string());
    if old.body.trim() != new.body.trim() {
        let (before, after) = first_difference(&old.body, &new.body);
        out.attribute(&object, Attribute::Body, before, after);
    }
    out.grants(&object, &old.grants, &new.grants);
}

fn argument(argument: &FunctionArgument) -> String {
    let mode = if argument.mode.is_default() { String::new() } else { format!("{} ", argument.mode.sql()) };
    format!("{mode}{} {}", argument.name, argument.data_type)
}

/// The result as `CREATE FUNCTION` spells it.
pub fn returns(returns: &FunctionReturn) -> String {
    match returns {
        FunctionReturn::Trigger => "trigger".to_owned(),
        FunctionReturn::Scalar { data_type } => data_type.to_string(),
        FunctionReturn::Table { columns } => {
            let columns: Vec<String> = columns.iter().map(|c| format!("{} {}", c.name, c.data_type)).collect();
            format!("TABLE ({})", columns.join(", "))
        }
    }
}

fn config(function: &Function) -> String {
    let entries: Vec<String> = function.config.iter().map(|(name, value)| format!("{name} = {value:?}")).collect();
    list(&entries)
}
