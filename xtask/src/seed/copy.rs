//! Rows in COPY's text format, and streaming them into a table.
//!
//! A generator ([`RowSource`]) runs on a blocking thread and fills 1 MiB
//! chunks, which the connection sends as they come: generating the next chunk
//! overlaps with the server parsing the last one, and no table is ever held in
//! memory whole.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::PgConnection;
use std::time::{Duration, Instant};

/// Bytes per CopyData message.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks generated ahead of the connection.
const CHUNKS_AHEAD: usize = 4;

/// One table's generator: writes one row per call.
pub trait RowSource: Send + 'static {
    /// Writes the next row into `row` (ended with [`RowBuf::end`]); false once
    /// every row was written (then it writes nothing).
    fn next_row(&mut self, row: &mut RowBuf) -> bool;
}

/// Seconds since the Unix epoch (UTC).
pub type Secs = i64;
/// Days since the Unix epoch.
pub type Day = i32;

pub const DAY_SECS: Secs = 86_400;

/// `days` since 1970-01-01 as (year, month, day); Howard Hinnant's algorithm.
pub fn civil(days: Day) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub fn weekday(days: Day) -> u32 {
    (days + 3).rem_euclid(7) as u32
}

/// Day of the year, 0-based.
pub fn day_of_year(days: Day) -> u32 {
    let (y, _, _) = civil(days);
    (days - days_from_civil(y, 1, 1)) as u32
}

pub fn days_from_civil(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}

/// A growing COPY text buffer that separates fields itself.
pub struct RowBuf {
    pub bytes: Vec<u8>,
    in_row: bool,
}

impl RowBuf {
    pub fn new() -> Self {
        RowBuf { bytes: Vec::with_capacity(CHUNK_BYTES + 64 * 1024), in_row: false }
    }

    fn sep(&mut self) {
        if self.in_row {
            self.bytes.push(b'\t');
        }
        self.in_row = true;
    }

    /// Ends the row.
    pub fn end(&mut self) {
        self.bytes.push(b'\n');
        self.in_row = false;
    }

    pub fn null(&mut self) {
        self.sep();
        self.bytes.extend_from_slice(b"\\N");
    }

    pub fn uuid(&mut self, id: u128) {
        self.sep();
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for i in 0..32 {
            if matches!(i, 8 | 12 | 16 | 20) {
                self.bytes.push(b'-');
            }
            self.bytes.push(HEX[((id >> (124 - 4 * i)) & 0xF) as usize]);
        }
    }

    pub fn int<I: itoa::Integer>(&mut self, value: I) {
        self.sep();
        self.bytes.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    pub fn opt_int<I: itoa::Integer>(&mut self, value: Option<I>) {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    pub fn bool(&mut self, value: bool) {
        self.sep();
        self.bytes.push(if value { b't' } else { b'f' });
    }

    /// Text known to need no escaping (enum spellings, generated codes).
    pub fn raw(&mut self, text: &str) {
        self.sep();
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// Any text (JSON too), escaped for COPY's text format.
    pub fn text(&mut self, text: &str) {
        self.sep();
        for &b in text.as_bytes() {
            match b {
                b'\\' => self.bytes.extend_from_slice(b"\\\\"),
                b'\t' => self.bytes.extend_from_slice(b"\\t"),
                b'\n' => self.bytes.extend_from_slice(b"\\n"),
                b'\r' => self.bytes.extend_from_slice(b"\\r"),
                _ => self.bytes.push(b),
            }
        }
    }

    pub fn opt_text(&mut self, text: Option<&str>) {
        match text {
            Some(t) => self.text(t),
            None => self.null(),
        }
    }

    /// `scaled / 10^decimals` as an exact decimal, e.g. (12345, 2) → 123.45.
    pub fn fixed(&mut self, scaled: i64, decimals: u32) {
        self.sep();
        write_fixed(&mut self.bytes, scaled, decimals);
    }

    /// `value` rounded to `decimals` places.
    pub fn num(&mut self, value: f64, decimals: u32) {
        self.fixed(scale(value, decimals), decimals);
    }

    pub fn opt_num(&mut self, value: Option<f64>, decimals: u32) {
        match value {
            Some(v) => self.num(v, decimals),
            None => self.null(),
        }
    }

    pub fn date(&mut self, days: Day) {
        self.sep();
        write_date(&mut self.bytes, days);
    }

    /// A timestamptz in UTC, to the second.
    pub fn ts(&mut self, secs: Secs) {
        self.sep();
        write_date(&mut self.bytes, secs.div_euclid(DAY_SECS) as Day);
        let s = secs.rem_euclid(DAY_SECS);
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
        self.bytes.push(b' ');
        push2(&mut self.bytes, h as u32);
        self.bytes.push(b':');
        push2(&mut self.bytes, m as u32);
        self.bytes.push(b':');
        push2(&mut self.bytes, sec as u32);
        self.bytes.extend_from_slice(b"+00");
    }

    pub fn opt_ts(&mut self, secs: Option<Secs>) {
        match secs {
            Some(s) => self.ts(s),
            None => self.null(),
        }
    }
}

/// `value` × 10^decimals, rounded.
pub fn scale(value: f64, decimals: u32) -> i64 {
    (value * 10f64.powi(decimals as i32)).round() as i64
}

pub fn write_fixed(out: &mut Vec<u8>, scaled: i64, decimals: u32) {
    if scaled < 0 {
        out.push(b'-');
    }
    let magnitude = scaled.unsigned_abs();
    let unit = 10u64.pow(decimals);
    out.extend_from_slice(itoa::Buffer::new().format(magnitude / unit).as_bytes());
    if decimals > 0 {
        out.push(b'.');
        let mut digits = itoa::Buffer::new();
        let frac = digits.format(magnitude % unit);
        out.extend(std::iter::repeat_n(b'0', decimals as usize - frac.len()));
        out.extend_from_slice(frac.as_bytes());
    }
}

fn push2(out: &mut Vec<u8>, v: u32) {
    out.push(b'0' + (v / 10) as u8);
    out.push(b'0' + (v % 10) as u8);
}

fn write_date(out: &mut Vec<u8>, days: Day) {
    let (y, m, d) = civil(days);
    out.extend_from_slice(itoa::Buffer::new().format(y).as_bytes());
    out.push(b'-');
    push2(out, m);
    out.push(b'-');
    push2(out, d);
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
/// progress bar over `expected_rows`. Gives the source back (its final state
/// may feed another table).
pub async fn copy_table<S: RowSource>(
    conn: &mut PgConnection,
    table: &'static str,
    columns: &[&str],
    expected_rows: u64,
    mut source: S,
    progress: bool,
) -> Result<(TableReport, S)> {
    let started = Instant::now();
    let bar = if progress { ProgressBar::new(expected_rows) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{prefix:<24} [{bar:32}] {human_pos:>10}/{human_len:<10} {per_sec:>14} {elapsed:>4} {msg}")
            .expect("valid progress template")
            .progress_chars("=> "),
    );
    bar.set_prefix(table);
    bar.enable_steady_tick(Duration::from_millis(200));

    let (tx, mut rx) = tokio::sync::mpsc::channel::<(Vec<u8>, u64)>(CHUNKS_AHEAD);
    let producer = tokio::task::spawn_blocking(move || {
        let mut row = RowBuf::new();
        let mut rows = 0u64;
        loop {
            let more = source.next_row(&mut row);
            rows += u64::from(more);
            if row.bytes.len() >= CHUNK_BYTES || (!more && !row.bytes.is_empty()) {
                let chunk = std::mem::replace(&mut row.bytes, Vec::with_capacity(CHUNK_BYTES + 64 * 1024));
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

    let deferred = super::indexes::defer(conn, table).await?;
    let statement = format!("COPY public.{table} ({}) FROM STDIN", columns.join(", "));
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
