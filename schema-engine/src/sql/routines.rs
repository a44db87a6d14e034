//! Rendering views, materialized views, functions and pg_cron jobs.

use super::quote::{ident, literal, qualified};
use super::tables::create_index;
use crate::catalog::{CronJob, Function, FunctionId, MaterializedView, View};
use crate::model::{FunctionReturn, Prerequisite};
use std::fmt::Write as _;

pub(super) fn create_view(view: &View, replace: bool) -> String {
    let verb = if replace { "CREATE OR REPLACE" } else { "CREATE" };
    let options = view.options.listed();
    let options = if options.is_empty() { String::new() } else { format!("\n    WITH ({})", options.join(", ").replace('=', " = ")) };
    format!("{verb} VIEW {}{options}\n    AS\n{};", qualified(&view.name), view.definition)
}

pub(super) fn create_materialized_view(view: &MaterializedView) -> String {
    let mut sql = format!("CREATE MATERIALIZED VIEW {}", qualified(&view.name));
    if !view.options.is_empty() {
        let _ = write!(sql, "\n    WITH ({})", view.options.join(", "));
    }
    let _ = write!(sql, "\n    AS\n{}\n    WITH DATA;", view.definition);
    for index in &view.indexes {
        sql.push('\n');
        sql.push_str(&create_index(&view.name, index, false));
    }
    sql
}

pub(super) fn create_function(function: &Function, replace: bool) -> String {
    let verb = if replace { "CREATE OR REPLACE" } else { "CREATE" };
    let returns = match &function.returns {
        FunctionReturn::Trigger => "trigger".to_owned(),
        FunctionReturn::Scalar { data_type } => data_type.to_string().replacen("setof ", "SETOF ", 1),
        FunctionReturn::Table { columns } => {
            let columns: Vec<String> = columns.iter().map(|c| format!("{} {}", ident(&c.name), c.data_type)).collect();
            format!("TABLE ({})", columns.join(", "))
        }
    };
    let arguments: Vec<String> = function
        .arguments
        .iter()
        .map(|a| {
            let mode = if a.mode.is_default() { String::new() } else { format!("{} ", a.mode.sql()) };
            let name = if a.name.is_empty() { String::new() } else { format!("{} ", ident(&a.name)) };
            let default = a.default.as_ref().map(|d| format!(" DEFAULT {d}")).unwrap_or_default();
            format!("{mode}{name}{}{default}", a.data_type)
        })
        .collect();
    let mut sql = format!(
        "{verb} FUNCTION {}({})\n    RETURNS {returns}\n    LANGUAGE {}\n    {}\n    {}\n",
        qualified(&function.name),
        arguments.join(", "),
        ident(&function.language),
        function.volatility.sql(),
        if function.security_definer { "SECURITY DEFINER" } else { "SECURITY INVOKER" },
    );
    // Attributes PostgreSQL defaults are left unsaid, as the declarations say them.
    if function.strict {
        sql.push_str("    STRICT\n");
    }
    if function.leakproof {
        sql.push_str("    LEAKPROOF\n");
    }
    if function.parallel != crate::catalog::Parallel::Unsafe {
        let _ = writeln!(sql, "    {}", function.parallel.sql());
    }
    if function.cost != Function::DEFAULT_COST {
        let _ = writeln!(sql, "    COST {}", function.cost);
    }
    let default_rows = if function.returns_set() { Function::DEFAULT_SET_ROWS } else { 0 };
    if function.rows != default_rows {
        let _ = writeln!(sql, "    ROWS {}", function.rows);
    }
    for (name, value) in &function.config {
        let _ = writeln!(sql, "    SET {} = {}", ident(name), setting_value(name, value));
    }
    let tag = dollar_quote_tag("function", &function.body);
    let _ = write!(sql, "AS {tag}\n{}\n{tag};", function.body.trim_end());
    sql
}

/// A setting's value in `SET name = …`. `search_path` is a list: each schema
/// is its own literal (`'auth', 'public'`), since one literal holding a comma
/// names a single schema called `auth, public`.
fn setting_value(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case("search_path") && value.contains(',') {
        value.split(',').map(|schema| literal(schema.trim())).collect::<Vec<_>>().join(", ")
    } else {
        literal(value)
    }
}

/// `schema.name(type, …)`: how DROP, GRANT and COMMENT name a function.
pub fn function_signature(id: &FunctionId) -> String {
    format!("{}({})", qualified(&id.name), id.arguments.join(", "))
}

/// A pg_cron job, created only where pg_cron is installed (it is on Supabase),
/// so the migration applies cleanly without it. Scheduling under an existing
/// job name replaces that job.
pub(super) fn schedule(job: &CronJob) -> String {
    let body = format!(
        "BEGIN\n    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN\n        PERFORM cron.schedule({}, {}, {});\n    END IF;\nEND",
        literal(&job.name),
        literal(&job.schedule),
        literal(&job.command)
    );
    let tag = dollar_quote_tag("schedule", &body);
    format!("-- pg_cron job {}: `{}` at `{}` (UTC).\nDO {tag}\n{body}\n{tag};", job.name, job.command, job.schedule)
}

pub(super) fn unschedule(name: &str) -> String {
    format!(
        "DO $unschedule$\nBEGIN\n    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN\n        PERFORM cron.unschedule(jobid) FROM cron.job WHERE jobname = {};\n    END IF;\nEND\n$unschedule$;",
        literal(name)
    )
}

pub(super) fn activate(name: &str) -> String {
    format!(
        "DO $activate$\nBEGIN\n    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN\n        PERFORM cron.alter_job(jobid, active := true) FROM cron.job WHERE jobname = {};\n    END IF;\nEND\n$activate$;",
        literal(name)
    )
}

pub(super) fn prerequisite(prerequisite: &Prerequisite) -> String {
    let tag = dollar_quote_tag("prerequisite", &prerequisite.fallback);
    format!(
        "-- {}\nDO {tag}\nBEGIN\n    IF to_regprocedure({}) IS NULL THEN\n{}\n    END IF;\nEND\n{tag};",
        prerequisite.purpose,
        literal(&prerequisite.function),
        indent(prerequisite.fallback.trim_end(), "        "),
    )
}

/// A dollar-quote tag that does not occur in the body.
fn dollar_quote_tag(word: &str, body: &str) -> String {
    (0..)
        .map(|n: u32| if n == 0 { format!("${word}$") } else { format!("${word}{n}$") })
        .find(|tag| !body.contains(tag.as_str()))
        .expect("some tag is free")
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!("{prefix}{l}") }).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_search_path_of_several_schemas_is_a_list_of_literals() {
        assert_eq!(super::setting_value("search_path", "auth, public"), "'auth', 'public'");
        assert_eq!(super::setting_value("search_path", ""), "''");
        assert_eq!(super::setting_value("search_path", "public"), "'public'");
        assert_eq!(super::setting_value("work_mem", "64MB"), "'64MB'");
    }
}
