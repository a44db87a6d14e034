//! COPY's binary format: the column types it writes and the values that take
//! more than a few big-endian bytes (numerics, arrays).

use super::{RowBuf, ROW_ROOM};

/// The column types the binary encoder writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int2,
    Int4,
    Int8,
    Numeric,
    /// text and varchar.
    Text,
    Jsonb,
    Uuid,
    Bool,
    Date,
    Timestamptz,
    Int4Array,
    TextArray,
}

impl Kind {
    /// The kind of a column of type `oid`, if the encoder writes it.
    pub fn of_type(oid: u32) -> Option<Kind> {
        Some(match oid {
            21 => Kind::Int2,
            23 => Kind::Int4,
            20 => Kind::Int8,
            1700 => Kind::Numeric,
            25 | 1043 => Kind::Text,
            3802 => Kind::Jsonb,
            2950 => Kind::Uuid,
            16 => Kind::Bool,
            1082 => Kind::Date,
            1184 => Kind::Timestamptz,
            1007 => Kind::Int4Array,
            1009 => Kind::TextArray,
            _ => return None,
        })
    }
}

/// What starts a binary COPY stream: signature, flags, no header extension.
pub const BINARY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
/// What ends it: a tuple with -1 fields.
pub const BINARY_TRAILER: &[u8] = &[0xff, 0xff];

/// The length and header of a one-dimensional array without NULLs of `n`
/// elements of type `element` taking `payload` bytes; an empty array has
/// no dimensions.
pub fn array_header(row: &mut RowBuf, n: usize, payload: usize, element: u32) {
    let dims = u32::from(n > 0);
    row.room(20 + payload + ROW_ROOM);
    row.put_u32(12 + 8 * dims + payload as u32);
    row.put_u32(dims);
    row.put_u32(0); // no NULLs
    row.put_u32(element);
    if n > 0 {
        row.put_u32(n as u32);
        row.put_u32(1); // lower bound
    }
}

/// NUMERIC's binary form of `scaled / 10^decimals` with `decimals` as its
/// display scale: base-10 000 digits, the weight of the first, the sign.
pub fn numeric(row: &mut RowBuf, scaled: i64, decimals: u32) {
    assert!(decimals <= 12, "a numeric with {decimals} decimals");
    let magnitude = scaled.unsigned_abs();
    let unit = POW10[decimals as usize];
    // The fraction padded to whole base-10 000 digits.
    let fraction_digits = decimals.div_ceil(4) as usize;
    let mut fraction = magnitude % unit * POW10[4 * fraction_digits - decimals as usize];
    let mut integer = magnitude / unit;
    // Most significant first: at most five integer digits (u64) and three fraction ones.
    let mut reversed = [0u16; 5];
    let mut integer_digits = 0;
    while integer > 0 {
        reversed[integer_digits] = (integer % 10_000) as u16;
        integer /= 10_000;
        integer_digits += 1;
    }
    let mut digits = [0u16; 8];
    for i in 0..integer_digits {
        digits[i] = reversed[integer_digits - 1 - i];
    }
    let mut i = integer_digits + fraction_digits;
    while i > integer_digits {
        i -= 1;
        digits[i] = (fraction % 10_000) as u16;
        fraction /= 10_000;
    }
    // Without leading and trailing zero digits, as the server stores it.
    let (mut first, mut last) = (0, integer_digits + fraction_digits);
    while first < last && digits[first] == 0 {
        first += 1;
    }
    while last > first && digits[last - 1] == 0 {
        last -= 1;
    }
    let n = last - first;
    let weight = if n == 0 { 0 } else { integer_digits as i32 - 1 - first as i32 };
    row.put_u32(8 + 2 * n as u32);
    row.put_u16(n as u16);
    row.put_u16(weight as i16 as u16);
    row.put_u16(if scaled < 0 && n > 0 { 0x4000 } else { 0 });
    row.put_u16(decimals as u16);
    for &digit in &digits[first..last] {
        row.put_u16(digit);
    }
}

const POW10: [u64; 13] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
    100_000_000_000, 1_000_000_000_000,
];
