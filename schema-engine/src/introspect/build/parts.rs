//! A table's parts from their catalog rows: constraints (a text enum's CHECK
//! read back as its allowed values), indexes, policies and triggers.

use super::super::rows::*;
use super::super::IntrospectError;
use crate::model::*;

fn referential_action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

pub(super) fn constraint(row: &ConstraintRow) -> Result<Constraint, IntrospectError> {
    let kind = match row.kind.as_str() {
        "p" => ConstraintKind::PrimaryKey { columns: row.columns.clone() },
        "u" => ConstraintKind::Unique { columns: row.columns.clone() },
        "c" => {
            let expression = row.check.clone().unwrap_or_default();
            match allowed_values(&expression) {
                Some((column, values)) => ConstraintKind::AllowedValues { column, values },
                None => ConstraintKind::Check { expression },
            }
        }
        "f" => ConstraintKind::ForeignKey {
            columns: row.columns.clone(),
            references: QualifiedName::new(
                row.referenced_schema.clone().unwrap_or_default(),
                row.referenced_table.clone().unwrap_or_default(),
            ),
            referenced_columns: row.referenced_columns.clone(),
            on_delete: referential_action(&row.on_delete),
            on_update: referential_action(&row.on_update),
            match_full: row.match_type == "f",
        },
        _ => ConstraintKind::Other { definition: row.definition.clone() },
    };
    let deferral = match (row.deferrable, row.deferred) {
        (false, _) => Deferral::NotDeferrable,
        (true, false) => Deferral::Immediate,
        (true, true) => Deferral::Deferred,
    };
    Ok(Constraint { name: row.name.clone(), kind, deferral, validated: row.validated, comment: row.comment.clone() })
}

/// Recognizes how Postgres stores a text enum's `col IN ('a', 'b')`:
/// `(col = ANY (ARRAY['a'::text, 'b'::text]))`, or `(col = 'a'::text)` for one value.
fn allowed_values(expression: &str) -> Option<(String, Vec<String>)> {
    use crate::expr::{tokenize, Token};
    let symbol = |text: &str| Token::Symbol(text.to_owned());
    let word = |text: &str| Token::Word { text: text.to_owned(), quoted: false };
    let text_literal = |tokens: &[Token]| -> Option<(String, usize)> {
        match tokens {
            [Token::String(value), cast, data_type, ..] if *cast == symbol("::") && *data_type == word("text") => Some((value.clone(), 3)),
            _ => None,
        }
    };
    let tokens = tokenize(expression).ok()?;
    let mut rest = tokens.strip_prefix(&[symbol("(")][..])?.strip_suffix(&[symbol(")")][..])?;
    let Some((Token::Word { text: column, .. }, after)) = rest.split_first() else { return None };
    rest = after.strip_prefix(&[symbol("=")][..])?;
    if let Some((value, used)) = text_literal(rest) {
        return (used == rest.len()).then(|| (column.clone(), vec![value]));
    }
    let any = [word("any"), symbol("("), word("array"), symbol("[")];
    let mut list = rest.strip_prefix(&any[..])?.strip_suffix(&[symbol("]"), symbol(")")][..])?;
    let mut values = Vec::new();
    loop {
        let (value, used) = text_literal(list)?;
        values.push(value);
        match &list[used..] {
            [] => return Some((column.clone(), values)),
            [Token::Symbol(comma), more @ ..] if comma == "," => list = more,
            _ => return None,
        }
    }
}

pub(super) fn index(row: &IndexRow) -> Result<Index, IntrospectError> {
    let method = IndexMethod::from_name(&row.method).ok_or_else(|| {
        IntrospectError::unsupported(format!("index {}", row.name), format!("index method {} is not in the model", row.method))
    })?;
    let columns = row
        .keys
        .iter()
        .map(|key| IndexColumn {
            column: if key.expression && !key.column.starts_with('(') { format!("({})", key.column) } else { key.column.clone() },
            descending: key.descending,
            nulls_first: (key.nulls_first != key.descending).then_some(key.nulls_first),
            opclass: key.opclass.clone(),
            collation: key.collation.clone(),
        })
        .collect();
    Ok(Index {
        name: row.name.clone(),
        method,
        unique: row.unique,
        columns,
        include: row.include.clone(),
        predicate: row.predicate.clone(),
        nulls_not_distinct: row.nulls_not_distinct,
        options: row.options.clone(),
        comment: row.comment.clone(),
        valid: row.valid,
    })
}

pub(super) fn policy(row: &PolicyRow) -> Result<Policy, IntrospectError> {
    let command = match row.command.as_str() {
        "*" => PolicyCommand::All,
        "r" => PolicyCommand::Select,
        "a" => PolicyCommand::Insert,
        "w" => PolicyCommand::Update,
        "d" => PolicyCommand::Delete,
        other => return Err(IntrospectError::unsupported(format!("policy {}", row.name), format!("unknown policy command {other:?}"))),
    };
    Ok(Policy {
        name: row.name.clone(),
        command,
        permissive: row.permissive,
        roles: row.roles.clone(),
        using: row.using.clone(),
        with_check: row.with_check.clone(),
        comment: row.comment.clone(),
    })
}

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const TRIGGER_ROW: i32 = 1;
const TRIGGER_BEFORE: i32 = 1 << 1;
const TRIGGER_INSERT: i32 = 1 << 2;
const TRIGGER_DELETE: i32 = 1 << 3;
const TRIGGER_UPDATE: i32 = 1 << 4;
const TRIGGER_TRUNCATE: i32 = 1 << 5;
const TRIGGER_INSTEAD: i32 = 1 << 6;

pub(super) fn trigger(row: &TriggerRow) -> Result<Trigger, IntrospectError> {
    let timing = if row.kind & TRIGGER_INSTEAD != 0 {
        TriggerTiming::InsteadOf
    } else if row.kind & TRIGGER_BEFORE != 0 {
        TriggerTiming::Before
    } else {
        TriggerTiming::After
    };
    let events = [
        (TRIGGER_INSERT, TriggerEvent::Insert),
        (TRIGGER_UPDATE, TriggerEvent::Update),
        (TRIGGER_DELETE, TriggerEvent::Delete),
        (TRIGGER_TRUNCATE, TriggerEvent::Truncate),
    ]
    .into_iter()
    .filter(|(bit, _)| row.kind & bit != 0)
    .map(|(_, event)| event)
    .collect();
    let enabled = match row.enabled.as_str() {
        "D" => TriggerEnabled::Disabled,
        "R" => TriggerEnabled::Replica,
        "A" => TriggerEnabled::Always,
        _ => TriggerEnabled::Origin,
    };
    Ok(Trigger {
        name: row.name.clone(),
        timing,
        events,
        function: QualifiedName::new(&row.function_schema, &row.function),
        for_each_statement: row.kind & TRIGGER_ROW == 0,
        update_of: row.update_of.clone(),
        when: if row.has_when { when_condition(&row.definition) } else { None },
        arguments: row.arguments.clone(),
        enabled,
        comment: row.comment.clone(),
    })
}

/// The condition of `… WHEN (condition) EXECUTE FUNCTION …` in a trigger's
/// definition (`pg_get_triggerdef`), which no other catalog function prints.
fn when_condition(definition: &str) -> Option<String> {
    let start = definition.find(" WHEN (")? + " WHEN (".len();
    let mut depth = 1;
    let mut in_string = false;
    for (offset, c) in definition[start..].char_indices() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(definition[start..start + offset].to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_enum_checks_as_postgres_prints_them() {
        let values = |list: &[&str]| list.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            allowed_values("(stock_status = ANY (ARRAY['in_stock'::text, 'it''s'::text]))"),
            Some(("stock_status".to_owned(), values(&["in_stock", "it's"])))
        );
        assert_eq!(allowed_values("(c = 'x'::text)"), Some(("c".to_owned(), values(&["x"]))));
        for other in ["(total >= (0)::numeric)", "((c = ANY (ARRAY['a'::text])) AND (d > 0))", "(c <> ALL (ARRAY['a'::text]))"] {
            assert_eq!(allowed_values(other), None, "{other}");
        }
    }

    #[test]
    fn reads_the_when_condition() {
        let definition = "CREATE TRIGGER t BEFORE UPDATE ON public.x FOR EACH ROW WHEN ((old.a IS DISTINCT FROM new.a)) EXECUTE FUNCTION public.f()";
        assert_eq!(when_condition(definition).as_deref(), Some("(old.a IS DISTINCT FROM new.a)"));
    }
}
