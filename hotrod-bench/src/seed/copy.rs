//! Streaming a generator's rows into a table with COPY.
//!
//! A generator ([`RowSource`]) runs on a blocking thread and fills 1 MiB
//! chunks, which the connection sends as they come: generating the next chunk
//! overlaps with the server parsing the last one, and no table is ever held in
//! memory whole. The rows go in COPY's binary format when the encoder knows
//! every column's type (see [`super::row`]), else in text.

use super::row::binary::{Kind, BINARY_HEADER, BINARY_TRAILER};
use super::row::{RowBuf, RowSource};
use anyhow::{Context, Result};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use sqlx::PgConnection;
use std::time::{Duration, Instant};

/// Bytes per CopyData message.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks generated ahead of the connection.
const CHUNKS_AHEAD: usize = 4;

/// Which of COPY's formats to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Binary wherever every column's type is one the encoder writes.
    Binary,
    /// Only the tests send text, to check that both formats load the same rows.
    #[cfg_attr(not(test), allow(dead_code))]
    Text,
}

/// What loading one table took.
#[derive(Debug, Clone)]
pub struct TableReport {
    pub table: &'static str,
    pub rows: u64,
    /// Everything, the index builds included.
    pub elapsed: Duration,
    /// Building the table's indexes after the load.
    pub indexes: Duration,
}

/// `COPY public.<table> (<columns>) FROM STDIN` fed from `source`, with a
/// progress bar over `expected_rows` among `bars` (none without), between
/// dropping the table's indexes and rebuilding them (see [`super::indexes`]).
/// Gives the source back (its final state may feed another table).
pub async fn copy_table<S: RowSource>(
    conn: &mut PgConnection,
    table: &'static str,
    columns: &[&str],
    expected_rows: u64,
    mut source: S,
    format: Format,
    bars: Option<&MultiProgress>,
) -> Result<(TableReport, S)> {
    let started = Instant::now();
    let bar = match bars {
        Some(bars) => bars.add(ProgressBar::new(expected_rows)),
        None => ProgressBar::hidden(),
    };
    bar.set_style(
        ProgressStyle::with_template("{prefix:<24} [{bar:32}] {human_pos:>10}/{human_len:<10} {per_sec:>14} {elapsed:>4} {msg}")
            .expect("valid progress template")
            .progress_chars("=> "),
    );
    bar.set_prefix(table);
    bar.enable_steady_tick(Duration::from_millis(200));

    let kinds = match format {
        Format::Binary => column_kinds(conn, table, columns).await?,
        Format::Text => None,
    };
    let mut row = match &kinds {
        Some(kinds) => RowBuf::binary_format(CHUNK_BYTES, kinds),
        None => RowBuf::text_format(CHUNK_BYTES),
    };
    let binary = row.is_binary();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(Vec<u8>, u64)>(CHUNKS_AHEAD);
    let producer = tokio::task::spawn_blocking(move || {
        if row.is_binary() {
            row.put_bytes(BINARY_HEADER);
        }
        let mut rows = 0u64;
        loop {
            let more = source.next_row(&mut row);
            rows += u64::from(more);
            if !more && row.is_binary() {
                row.put_bytes(BINARY_TRAILER);
            }
            if row.len() >= CHUNK_BYTES || (!more && row.len() > 0) {
                let chunk = row.bytes().to_vec();
                row.clear();
                if tx.blocking_send((chunk, rows)).is_err() {
                    break; // the copy failed; stop generating
                }
                rows = 0;
            }
            if !more {
                break;
            }
        }
        source
    });

    let renewed = new_storage(conn, table).await?;
    let deferred = super::indexes::defer(conn, table).await?;
    let options = match (binary, renewed) {
        (true, true) => " (FORMAT binary, FREEZE)",
        (true, false) => " (FORMAT binary)",
        (false, true) => " (FREEZE)",
        (false, false) => "",
    };
    let statement = format!("COPY public.{table} ({}) FROM STDIN{options}", columns.join(", "));
    let mut copy = conn.copy_in_raw(&statement).await.with_context(|| format!("starting {statement}"))?;
    let mut sent = 0u64;
    while let Some((chunk, rows)) = rx.recv().await {
        if let Err(e) = copy.send(chunk).await {
            drop(rx);
            let _ = producer.await;
            return Err(e).with_context(|| format!("sending rows to {table}"));
        }
        sent += rows;
        bar.inc(rows);
    }
    let source = producer.await.with_context(|| format!("generating rows for {table}"))?;
    let copied = copy.finish().await.with_context(|| format!("loading {table}"))?;
    debug_assert_eq!(copied, sent);
    bar.set_message("building indexes");
    let indexes_started = Instant::now();
    deferred.rebuild(conn).await?;
    let indexes = indexes_started.elapsed();
    bar.finish_and_clear();
    Ok((TableReport { table, rows: copied, elapsed: started.elapsed(), indexes }, source))
}

/// Gives the (empty: a seed fills empty tables only) table new storage in the
/// seed's transaction where the seeding role owns it, and says whether it did.
/// On a server with `wal_level = minimal`, as the throwaway one is, rows
/// copied into storage created in the same transaction, and the indexes built
/// over them, are not written to the WAL: the files are synced at commit
/// instead (year scale: 243 k / 273 k rows/s in two runs, against 234 k
/// before). Elsewhere it costs a file swap.
///
/// New storage also lets the COPY write its rows frozen, on pages marked
/// all-visible (`FREEZE`). The index builds, ANALYZE and the cache refreshes
/// that follow in the transaction then skip a visibility check per row
/// (year scale, three interleaved pairs of runs: 23.8 / 27.6 / 26.5 s against
/// 28.6 / 28.1 / 29.0 s without), the first VACUUM has nothing to freeze, and
/// index-only scans need no heap visits from the start. What it gives up is
/// MVCC's view for older snapshots: one taken before the seed committed sees
/// the rows too, which for a table that was empty changes nothing.
async fn new_storage(conn: &mut PgConnection, table: &str) -> Result<bool> {
    let owned: bool = sqlx::query_scalar("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = $1::regclass")
        .bind(format!("public.{table}"))
        .fetch_one(&mut *conn)
        .await
        .with_context(|| format!("reading the owner of {table}"))?;
    if owned {
        sqlx::raw_sql(&format!("TRUNCATE ONLY public.{table}"))
            .execute(&mut *conn)
            .await
            .with_context(|| format!("TRUNCATE of the empty {table}"))?;
    }
    Ok(owned)
}

/// The binary kinds of `columns` of `public.<table>`, or `None` when one has
/// a type the encoder does not write (that table then goes in text).
async fn column_kinds(conn: &mut PgConnection, table: &str, columns: &[&str]) -> Result<Option<Vec<Kind>>> {
    let types: Vec<i64> = sqlx::query_scalar(
        "SELECT a.atttypid::int8 FROM unnest($2::text[]) WITH ORDINALITY AS c(name, n) \
         JOIN pg_attribute AS a ON a.attrelid = $1::regclass AND a.attname = c.name AND NOT a.attisdropped \
         ORDER BY c.n",
    )
    .bind(format!("public.{table}"))
    .bind(columns.iter().map(|c| c.to_string()).collect::<Vec<_>>())
    .fetch_all(&mut *conn)
    .await
    .with_context(|| format!("reading the column types of {table}"))?;
    anyhow::ensure!(types.len() == columns.len(), "{table} lacks some of the columns {}", columns.join(", "));
    Ok(types.into_iter().map(|oid| Kind::of_type(oid as u32)).collect())
}
