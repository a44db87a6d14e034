//! A function from its catalog row: arguments with their modes and defaults,
//! the result, every attribute and the `SET` configuration.

use super::super::rows::*;
use super::super::IntrospectError;
use super::grants;
use crate::catalog::{self, Parallel};
use crate::model::*;

pub(super) fn function(row: &FunctionRow) -> Result<catalog::Function, IntrospectError> {
    let name = QualifiedName::new(&row.schema, &row.name);
    let object = format!("function {name}");
    let mut arguments = Vec::new();
    let mut table_columns = Vec::new();
    for (position, data_type) in row.arg_types.iter().enumerate() {
        let mut argument = FunctionArgument::new(row.arg_names.get(position).cloned().unwrap_or_default(), SqlType::new(data_type));
        // No proargmodes means every argument is IN.
        match row.arg_modes.get(position).map_or("i", String::as_str) {
            "i" => {}
            "v" => argument.mode = ArgumentMode::Variadic,
            "b" => argument.mode = ArgumentMode::InOut,
            "o" => argument.mode = ArgumentMode::Out,
            "t" => {
                table_columns.push(argument);
                continue;
            }
            other => return Err(IntrospectError::unsupported(object, format!("argument mode {other:?}"))),
        }
        arguments.push(argument);
    }
    // proargdefaults holds the defaults of the last inputs, in order.
    if let Some(defaults) = &row.arg_defaults {
        let defaults = split_top_level(defaults);
        let inputs: Vec<usize> = arguments.iter().enumerate().filter(|(_, a)| a.mode.is_input()).map(|(i, _)| i).collect();
        let first = inputs.len().saturating_sub(defaults.len());
        for (slot, default) in inputs[first..].iter().zip(defaults) {
            arguments[*slot].default = Some(default.trim().to_owned());
        }
    }
    let returns = if row.returns_trigger {
        FunctionReturn::Trigger
    } else if !table_columns.is_empty() {
        FunctionReturn::Table { columns: table_columns }
    } else {
        let data_type = if row.returns_set { format!("setof {}", row.return_type) } else { row.return_type.clone() };
        FunctionReturn::Scalar { data_type: SqlType::new(&data_type) }
    };
    let volatility = match row.volatility.as_str() {
        "i" => Volatility::Immutable,
        "s" => Volatility::Stable,
        _ => Volatility::Volatile,
    };
    let parallel = match row.parallel.as_str() {
        "s" => Parallel::Safe,
        "r" => Parallel::Restricted,
        _ => Parallel::Unsafe,
    };
    Ok(catalog::Function {
        owner: row.owner.clone(),
        comment: row.comment.clone(),
        arguments,
        returns,
        language: row.language.clone(),
        volatility,
        strict: row.strict,
        leakproof: row.leakproof,
        parallel,
        security_definer: row.security_definer,
        config: row.config.iter().filter_map(|entry| config_entry(entry)).collect(),
        cost: u32::try_from(row.cost).unwrap_or_default(),
        rows: u32::try_from(row.rows).unwrap_or_default(),
        body: row.body.clone(),
        grants: grants(&row.acl),
        name,
    })
}

/// One `proconfig` entry, `name=value`. Postgres stores `SET search_path = ''`
/// as `search_path=""`.
fn config_entry(entry: &str) -> Option<(String, String)> {
    let (name, value) = entry.split_once('=')?;
    let value = if value == "\"\"" { String::new() } else { value.to_owned() };
    Some((name.to_owned(), value))
}

/// Splits on commas that are not inside parentheses or quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut in_string) = (0i32, 0, false);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => depth -= 1,
            ',' if depth == 0 && !in_string => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(&text[start..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pinned_configuration() {
        assert_eq!(config_entry("search_path=\"\""), Some(("search_path".to_owned(), String::new())));
        assert_eq!(config_entry("work_mem=64MB"), Some(("work_mem".to_owned(), "64MB".to_owned())));
        assert_eq!(split_top_level("1, 'a,b', f(2, 3)"), ["1", " 'a,b'", " f(2, 3)"]);
    }
}
