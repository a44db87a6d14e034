//! A table's columns, its indexes (those not backing a constraint) and triggers.

use super::{IntrospectError, TableRow};
use crate::model::{
    Column, Index, IndexColumn, IndexMethod, QualifiedName, SqlType, Trigger, TriggerEvent, TriggerTiming,
};
use sqlx::PgConnection;

/// Columns in their physical (attnum) order, with types as `format_type` spells them.
pub(super) async fn columns(conn: &mut PgConnection, table: &TableRow) -> Result<Vec<Column>, IntrospectError> {
    let rows: Vec<(String, String, bool, Option<String>, String)> = sqlx::query_as(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, \
                pg_get_expr(d.adbin, d.adrelid), coalesce(col_description(a.attrelid, a.attnum), '') \
         FROM pg_attribute a \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY a.attnum",
    )
    .bind(table.oid)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("columns of table {}", table.name)))?;
    Ok(rows
        .into_iter()
        .map(|(name, data_type, nullable, default, comment)| Column {
            name,
            data_type: SqlType::new(&data_type),
            nullable,
            default,
            comment,
        })
        .collect())
}

/// Name, method, unique, key count, key then INCLUDE columns, key DESC flags, predicate.
type IndexRow = (String, String, bool, i32, Vec<String>, Vec<bool>, Option<String>);

/// Indexes created on their own; those behind a primary key, unique or
/// exclusion constraint are part of the constraint.
pub(super) async fn indexes(conn: &mut PgConnection, table: &TableRow) -> Result<Vec<Index>, IntrospectError> {
    // indkey and indoption are int2vectors, subscripted from 0. A key that is an
    // expression (indkey 0) is read back as its deparsed text.
    let rows: Vec<IndexRow> = sqlx::query_as(
        "SELECT ic.relname::text, am.amname::text, i.indisunique, i.indnkeyatts::int4, \
                ARRAY(SELECT CASE WHEN i.indkey[k.n] = 0 THEN pg_get_indexdef(i.indexrelid, k.n + 1, true) \
                                  ELSE (SELECT a.attname::text FROM pg_attribute a \
                                        WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n]) END \
                      FROM generate_series(0, i.indnatts - 1) AS k(n) ORDER BY k.n), \
                ARRAY(SELECT (i.indoption[k.n] & 1) = 1 FROM generate_series(0, i.indnkeyatts - 1) AS k(n) ORDER BY k.n), \
                pg_get_expr(i.indpred, i.indrelid) \
         FROM pg_index i \
         JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_am am ON am.oid = ic.relam \
         WHERE i.indrelid = $1 \
           AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conrelid = i.indrelid \
                           AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) \
         ORDER BY ic.relname",
    )
    .bind(table.oid)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("indexes of table {}", table.name)))?;
    let mut indexes = Vec::new();
    for (name, method, unique, key_count, mut columns, descending, predicate) in rows {
        let method = match method.as_str() {
            "btree" => IndexMethod::Btree,
            "gin" => IndexMethod::Gin,
            "gist" => IndexMethod::Gist,
            "brin" => IndexMethod::Brin,
            "hash" => IndexMethod::Hash,
            other => {
                return Err(IntrospectError::unsupported(
                    format!("index {name} on {}", table.name),
                    format!("index method {other} is not in the model"),
                ))
            }
        };
        let include = columns.split_off(usize::try_from(key_count).unwrap_or_default().min(columns.len()));
        let columns = columns
            .into_iter()
            .zip(descending)
            .map(|(column, descending)| IndexColumn { column, descending })
            .collect();
        indexes.push(Index { name, method, unique, columns, include, predicate });
    }
    Ok(indexes)
}

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const TRIGGER_ROW: i32 = 1;
const TRIGGER_BEFORE: i32 = 1 << 1;
const TRIGGER_INSERT: i32 = 1 << 2;
const TRIGGER_DELETE: i32 = 1 << 3;
const TRIGGER_UPDATE: i32 = 1 << 4;
const TRIGGER_TRUNCATE: i32 = 1 << 5;
const TRIGGER_INSTEAD: i32 = 1 << 6;

/// User triggers (not the internal ones behind foreign keys).
pub(super) async fn triggers(conn: &mut PgConnection, table: &TableRow) -> Result<Vec<Trigger>, IntrospectError> {
    let rows: Vec<(String, i32, bool, bool, String, String)> = sqlx::query_as(
        "SELECT t.tgname::text, t.tgtype::int4, t.tgattr::text <> '', t.tgqual IS NOT NULL, \
                n.nspname::text, p.proname::text \
         FROM pg_trigger t \
         JOIN pg_proc p ON p.oid = t.tgfoid \
         JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE t.tgrelid = $1 AND NOT t.tgisinternal \
         ORDER BY t.tgname",
    )
    .bind(table.oid)
    .fetch_all(&mut *conn)
    .await
    .map_err(IntrospectError::query(format!("triggers of table {}", table.name)))?;
    let mut triggers = Vec::new();
    for (name, kind, has_columns, has_condition, function_schema, function_name) in rows {
        let object = format!("trigger {name} on {}", table.name);
        let unsupported = if kind & TRIGGER_ROW == 0 {
            Some("statement-level triggers are not in the model")
        } else if kind & (TRIGGER_INSTEAD | TRIGGER_TRUNCATE) != 0 {
            Some("INSTEAD OF and TRUNCATE triggers are not in the model")
        } else if has_columns || has_condition {
            Some("UPDATE OF columns and WHEN conditions are not in the model")
        } else {
            None
        };
        if let Some(reason) = unsupported {
            return Err(IntrospectError::unsupported(object, reason));
        }
        let timing = if kind & TRIGGER_BEFORE != 0 { TriggerTiming::Before } else { TriggerTiming::After };
        let events = [
            (TRIGGER_INSERT, TriggerEvent::Insert),
            (TRIGGER_UPDATE, TriggerEvent::Update),
            (TRIGGER_DELETE, TriggerEvent::Delete),
        ]
        .into_iter()
        .filter(|(bit, _)| kind & bit != 0)
        .map(|(_, event)| event)
        .collect();
        triggers.push(Trigger { name, timing, events, function: QualifiedName::new(function_schema, function_name) });
    }
    Ok(triggers)
}
