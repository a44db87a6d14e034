//! Comparing one function: signature, attributes, body, comment and who may
//! execute it.

use super::{Differences, ObjectKind, ObjectRef};
use crate::model::{Function, FunctionArgument, FunctionReturn};

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
