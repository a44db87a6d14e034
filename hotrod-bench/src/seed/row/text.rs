//! COPY's text format of the values [`RowBuf`] takes: what the tests read
//! (fingerprints, one field per column) and what a text load would send.

use crate::seed::calendar::{civil, Day, Secs, DAY_SECS};
use super::RowBuf;

pub fn uuid(row: &mut RowBuf, id: u128) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in 0..32 {
        if matches!(i, 8 | 12 | 16 | 20) {
            row.put(b'-');
        }
        row.put(HEX[((id >> (124 - 4 * i)) & 0xF) as usize]);
    }
}

/// `text` escaped for COPY.
pub fn escaped(row: &mut RowBuf, text: &[u8]) {
    row.room(2 * text.len() + 4096);
    for &b in text {
        match b {
            b'\\' => row.put_bytes(b"\\\\"),
            b'\t' => row.put_bytes(b"\\t"),
            b'\n' => row.put_bytes(b"\\n"),
            b'\r' => row.put_bytes(b"\\r"),
            _ => row.put(b),
        }
    }
}

pub fn fixed(row: &mut RowBuf, scaled: i64, decimals: u32) {
    if scaled < 0 {
        row.put(b'-');
    }
    let magnitude = scaled.unsigned_abs();
    let unit = 10u64.pow(decimals);
    row.put_bytes(itoa::Buffer::new().format(magnitude / unit).as_bytes());
    if decimals > 0 {
        row.put(b'.');
        let mut digits = itoa::Buffer::new();
        let frac = digits.format(magnitude % unit);
        for _ in frac.len()..decimals as usize {
            row.put(b'0');
        }
        row.put_bytes(frac.as_bytes());
    }
}

fn two_digits(row: &mut RowBuf, v: u32) {
    row.put(b'0' + (v / 10) as u8);
    row.put(b'0' + (v % 10) as u8);
}

pub fn date(row: &mut RowBuf, days: Day) {
    let (y, m, d) = civil(days);
    row.put_bytes(itoa::Buffer::new().format(y).as_bytes());
    row.put(b'-');
    two_digits(row, m);
    row.put(b'-');
    two_digits(row, d);
}

/// In UTC, to the second.
pub fn ts(row: &mut RowBuf, secs: Secs) {
    date(row, secs.div_euclid(DAY_SECS) as Day);
    let s = secs.rem_euclid(DAY_SECS);
    row.put(b' ');
    two_digits(row, (s / 3600) as u32);
    row.put(b':');
    two_digits(row, (s / 60 % 60) as u32);
    row.put(b':');
    two_digits(row, (s % 60) as u32);
    row.put_bytes(b"+00");
}

pub fn int_array(row: &mut RowBuf, items: impl Iterator<Item = i32>) {
    row.put(b'{');
    for (i, item) in items.enumerate() {
        if i > 0 {
            row.put(b',');
        }
        row.put_bytes(itoa::Buffer::new().format(item).as_bytes());
    }
    row.put(b'}');
}

/// Every element quoted for the array literal, which is then escaped for COPY.
pub fn text_array(row: &mut RowBuf, items: &[&str]) {
    let mut literal = vec![b'{'];
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            literal.push(b',');
        }
        literal.push(b'"');
        for &b in item.as_bytes() {
            if b == b'"' || b == b'\\' {
                literal.push(b'\\');
            }
            literal.push(b);
        }
        literal.push(b'"');
    }
    literal.push(b'}');
    escaped(row, &literal);
}
