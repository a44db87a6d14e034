//! Comparing one function: signature, attributes, body, comment and who may
//! execute it.

use super::{Change, Difference, Differences, ObjectKind, ObjectRef};
use crate::model::{CronJob, Function, FunctionArgument, FunctionReturn, Schema};
use crate::sql::schedule_command;

pub(super) fn compare(out: &mut Differences, expected: &Function, actual: &Function) {
    let object = ObjectRef::top(ObjectKind::Function, &expected.name);
    out.property(&object, "arguments", arguments(&expected.arguments), arguments(&actual.arguments));
    out.property(&object, "return type", returns(&expected.returns), returns(&actual.returns));
    out.property(&object, "language", expected.language.clone(), actual.language.clone());
    out.property(&object, "volatility", expected.volatility.sql().to_owned(), actual.volatility.sql().to_owned());
    let security = |f: &Function| if f.security_definer { "SECURITY DEFINER" } else { "SECURITY INVOKER" }.to_owned();
    out.property(&object, "security", security(expected), security(actual));
    let search_path = |f: &Function| f.search_path.as_ref().map_or_else(|| "none".to_owned(), |p| format!("{p:?}"));
    out.property(&object, "search_path", search_path(expected), search_path(actual));
    body(out, &object, &expected.body, &actual.body);
    out.comment(&object, &expected.comment, &actual.comment);
    let mut roles: Vec<&String> = expected.execute_roles.iter().chain(&actual.execute_roles).collect();
    roles.sort();
    roles.dedup();
    let granted = |f: &Function, role: &String| if f.execute_roles.contains(role) { "granted" } else { "not granted" };
    for role in roles {
        out.property(
            &object,
            &format!("EXECUTE for {role}"),
            granted(expected, role).to_owned(),
            granted(actual, role).to_owned(),
        );
    }
}

/// Every way the pg_cron `jobs` differ from the schedules `expected` declares
/// (cached views' refreshes included): a job missing, inactive, on another
/// schedule or running another command, and a job that calls one of the
/// schema's functions without being declared.
pub fn schedules(expected: &Schema, jobs: &[CronJob]) -> Vec<Difference> {
    let lowered = expected.lowered();
    let mut out = Differences::default();
    let describe = |cron: &str, command: &str, active: bool| {
        format!("`{cron}` running `{command}`{}", if active { "" } else { " (inactive)" })
    };
    for function in &lowered.functions {
        let object = ObjectRef::top(ObjectKind::Function, &function.name);
        let command = schedule_command(function);
        if let Some(schedule) = &function.schedule {
            let found = jobs
                .iter()
                .find(|j| j.job_name == schedule.job_name)
                .map_or_else(|| "none".to_owned(), |job| describe(&job.cron, &job.command, job.active));
            out.property(&object, &format!("pg_cron job {}", schedule.job_name), describe(&schedule.cron, &command, true), found);
        }
        let declared = function.schedule.as_ref().map(|s| s.job_name.as_str());
        for job in jobs.iter().filter(|j| j.command.trim().trim_end_matches(';') == command && Some(j.job_name.as_str()) != declared) {
            out.push(
                object.clone(),
                Change::Differs {
                    property: format!("pg_cron job {}", job.job_name),
                    expected: "none".to_owned(),
                    found: describe(&job.cron, &job.command, job.active),
                },
            );
        }
    }
    out.0
}

fn arguments(arguments: &[FunctionArgument]) -> String {
    let arguments: Vec<String> = arguments.iter().map(|a| format!("{} {}", a.name, a.data_type)).collect();
    format!("({})", arguments.join(", "))
}

fn returns(returns: &FunctionReturn) -> String {
    match returns {
        FunctionReturn::Trigger => "trigger".to_owned(),
        FunctionReturn::Scalar { data_type } => data_type.to_string(),
        FunctionReturn::Table { columns } => format!("TABLE {}", arguments(columns)),
    }
}

/// Bodies compare as trimmed text (the DDL wraps them in newlines); a
/// difference shows the first line that differs rather than both bodies.
fn body(out: &mut Differences, object: &ObjectRef, expected: &str, actual: &str) {
    let (expected, actual) = (expected.trim(), actual.trim());
    if expected == actual {
        return;
    }
    let (expected_lines, actual_lines): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let line = (0..expected_lines.len().max(actual_lines.len()))
        .find(|&i| expected_lines.get(i) != actual_lines.get(i))
        .unwrap_or_default();
    let show =
        |lines: &[&str]| lines.get(line).map_or_else(|| "end of body".to_owned(), |l| format!("`{}`", l.trim_end()));
    out.property(object, &format!("body (line {})", line + 1), show(&expected_lines), show(&actual_lines));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undeclared_and_inactive_jobs_are_named() {
        use crate::model::{QualifiedName, Schedule, SqlType, Volatility};
        let function = Function {
            name: QualifiedName::new("public", "nightly"),
            comment: String::new(),
            arguments: Vec::new(),
            returns: FunctionReturn::Scalar { data_type: SqlType::new("void") },
            language: "sql".into(),
            volatility: Volatility::Volatile,
            security_definer: false,
            search_path: Some(String::new()),
            body: "SELECT 1".into(),
            execute_roles: Vec::new(),
            schedule: Some(Schedule { job_name: "nightly".into(), cron: "0 2 * * *".into() }),
        };
        let schema = Schema {
            api_roles: Vec::new(),
            exposed_schemas: Vec::new(),
            prerequisites: Vec::new(),
            tables: Vec::new(),
            views: Vec::new(),
            functions: vec![function],
            cache: None,
            materialized_views: Vec::new(),
        };
        let job = |name: &str, active: bool| CronJob {
            job_name: name.into(),
            cron: "0 2 * * *".into(),
            command: "SELECT public.nightly()".into(),
            active,
        };
        assert!(schedules(&schema, &[job("nightly", true)]).is_empty());
        let texts: Vec<String> =
            schedules(&schema, &[job("nightly", false), job("again", true)]).iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "function public.nightly: pg_cron job nightly differs: expected `0 2 * * *` running `SELECT public.nightly()`, found `0 2 * * *` running `SELECT public.nightly()` (inactive)",
                "function public.nightly: pg_cron job again differs: expected none, found `0 2 * * *` running `SELECT public.nightly()`",
            ]
        );
    }

    #[test]
    fn a_body_difference_names_the_first_differing_line() {
        let mut out = Differences::default();
        let object = ObjectRef { kind: ObjectKind::Function, name: "public.f".to_owned(), table: None };
        body(&mut out, &object, "\nBEGIN\n  RETURN 1;\nEND;\n", "BEGIN\n  RETURN 1;\nEND;");
        assert!(out.0.is_empty(), "surrounding whitespace is not a difference");
        body(&mut out, &object, "BEGIN\n  RETURN 1;\nEND;", "BEGIN\n  RETURN 2;\nEND;");
        assert_eq!(
            out.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["function public.f: body (line 2) differs: expected `  RETURN 1;`, found `  RETURN 2;`"]
        );
    }
}
