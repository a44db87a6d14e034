//! A table's constraints: primary key, unique, CHECK (text-enum CHECKs read back
//! as allowed values) and foreign keys.

use super::{IntrospectError, TableRow};
use crate::expr::{tokenize, Token};
use crate::model::{Constraint, ConstraintKind, QualifiedName, ReferentialAction};
use sqlx::PgConnection;

type ConstraintRow = (String, String, Vec<String>, Option<String>, Option<String>, Option<String>, Vec<String>, String);

pub(super) async fn constraints(conn: &mut PgConnection, table: &TableRow) -> Result<Vec<Constraint>, IntrospectError> {
    // Key columns in key order (conkey is an int2[] in that order).
    let rows: Vec<ConstraintRow> = sqlx::query_as(
        "SELECT con.conname::text, con.contype::text, \
                ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position) \
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.position), \
                pg_get_expr(con.conbin, con.conrelid), fn.nspname::text, fc.relname::text, \
                ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position) \
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.position), \
                con.confdeltype::text \
         FROM pg_constraint con \
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         WHERE con.conrelid = $1 AND con.contype IN ('p', 'u', 'c', 'f', 'x') \
         ORDER BY con.conname",
    )
    .bind(table.oid)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("constraints of table {}", table.name)))?;
    let mut constraints = Vec::new();
    for (name, kind, columns, expression, referenced_schema, referenced_table, referenced_columns, on_delete) in rows {
        let object = || format!("constraint {name} on {}", table.name);
        let kind = match (kind.as_str(), expression, referenced_schema, referenced_table) {
            ("p", ..) => ConstraintKind::PrimaryKey { columns },
            ("u", ..) => ConstraintKind::Unique { columns },
            ("c", Some(expression), ..) => match allowed_values(&expression) {
                Some((column, values)) => ConstraintKind::AllowedValues { column, values },
                None => ConstraintKind::Check { expression },
            },
            ("f", _, Some(schema), Some(referenced)) => ConstraintKind::ForeignKey {
                columns,
                references: QualifiedName::new(schema, referenced),
                referenced_columns,
                on_delete: referential_action(&on_delete).ok_or_else(|| {
                    IntrospectError::unsupported(object(), format!("unknown ON DELETE action {on_delete:?}"))
                })?,
            },
            ("x", ..) => {
                return Err(IntrospectError::unsupported(object(), "exclusion constraints are not in the model"))
            }
            (other, ..) => {
                return Err(IntrospectError::unsupported(
                    object(),
                    format!("incomplete catalog row for kind {other:?}"),
                ))
            }
        };
        constraints.push(Constraint { name, kind });
    }
    Ok(constraints)
}

/// `pg_constraint.confdeltype`.
fn referential_action(code: &str) -> Option<ReferentialAction> {
    Some(match code {
        "a" => ReferentialAction::NoAction,
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => return None,
    })
}

/// Recognizes how Postgres stores a text enum's `col IN ('a', 'b')`:
/// `(col = ANY (ARRAY['a'::text, 'b'::text]))`, or `(col = 'a'::text)` for one value.
/// Returns the column and the values in order.
fn allowed_values(expression: &str) -> Option<(String, Vec<String>)> {
    let tokens = tokenize(expression).ok()?;
    let mut rest = tokens.strip_prefix(&[symbol("(")][..])?.strip_suffix(&[symbol(")")][..])?;
    let Some((Token::Word { text: column, .. }, after)) = rest.split_first() else { return None };
    rest = after.strip_prefix(&[symbol("=")][..])?;
    if let Some((value, [])) = text_literal(rest) {
        return Some((column.clone(), vec![value]));
    }
    let any = [word("any"), symbol("("), word("array"), symbol("[")];
    let mut list = rest.strip_prefix(&any[..])?.strip_suffix(&[symbol("]"), symbol(")")][..])?;
    let mut values = Vec::new();
    loop {
        let (value, after) = text_literal(list)?;
        values.push(value);
        match after {
            [] => return Some((column.clone(), values)),
            [Token::Symbol(comma), more @ ..] if comma == "," => list = more,
            _ => return None,
        }
    }
}

/// `'value'::text` at the start of `tokens`, and what follows it.
fn text_literal(tokens: &[Token]) -> Option<(String, &[Token])> {
    match tokens {
        [Token::String(value), cast, data_type, rest @ ..] if *cast == symbol("::") && *data_type == word("text") => {
            Some((value.clone(), rest))
        }
        _ => None,
    }
}

fn symbol(text: &str) -> Token {
    Token::Symbol(text.to_owned())
}

fn word(text: &str) -> Token {
    Token::Word { text: text.to_owned(), quoted: false }
}

#[cfg(test)]
mod tests {
    use super::allowed_values;

    #[test]
    fn reads_text_enum_checks_as_postgres_prints_them() {
        let values = |list: &[&str]| list.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            allowed_values("(stock_status = ANY (ARRAY['in_stock'::text, 'it''s'::text]))"),
            Some(("stock_status".to_owned(), values(&["in_stock", "it's"])))
        );
        assert_eq!(allowed_values("(c = 'x'::text)"), Some(("c".to_owned(), values(&["x"]))));
        assert_eq!(allowed_values("(\"Kind\" = ANY (ARRAY['a'::text]))"), Some(("Kind".to_owned(), values(&["a"]))));
    }

    #[test]
    fn other_checks_stay_checks() {
        for expression in [
            "(total >= (0)::numeric)",
            "((c = ANY (ARRAY['a'::text, 'b'::text])) AND (d > 0))",
            "(c = ANY (ARRAY['a'::character varying]))",
            "(c <> ALL (ARRAY['a'::text, 'b'::text]))",
            "(c = d)",
        ] {
            assert_eq!(allowed_values(expression), None, "{expression}");
        }
    }
}
