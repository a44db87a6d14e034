//! Rows for COPY, in its binary format for loading and its text format for
//! reading (the tests' fingerprints and row checks, see [`text`]).
//!
//! The generators say what a value is (an integer, a decimal with so many
//! places, a day, a moment); [`RowBuf`] writes it the way the column takes it.
//! Binary is what the load uses: the server then parses no digits, dates or
//! UUIDs, which makes inventory_snapshots' COPY about a third cheaper on its
//! side, and writing big-endian integers costs the generator less than
//! printing them. Binary values must be typed exactly (an int4 column takes
//! four bytes, not eight), so a binary buffer knows the [`Kind`] of each of the
//! table's columns, read from the server's catalog.
//!
//! The buffer is a fixed slice with a cursor, written byte by byte: the seed
//! runs as a debug build (`cargo xtask`), where every `Vec::extend_from_slice`
//! is a dozen calls of checks and a plain indexed store is one instruction.

pub mod binary;
pub mod text;

use super::calendar::{Day, Secs, DAY_SECS};
use binary::Kind;

/// One table's generator: writes one row per call.
pub trait RowSource: Send + 'static {
    /// Writes the next row into `row` (ended with [`RowBuf::end`]); false once
    /// every row was written (then it writes nothing).
    fn next_row(&mut self, row: &mut RowBuf) -> bool;
}

/// Days from the Unix epoch to PostgreSQL's, 2000-01-01.
const PG_EPOCH_DAYS: Day = 10_957;
/// Room a row may take without asking (longer text asks for more).
pub(super) const ROW_ROOM: usize = 4096;

/// Fields encoded once and copied into many rows (a SKU's ids and code go
/// into its 365 snapshots), for a generator's innermost loop.
pub struct Encoded {
    bytes: Box<[u8]>,
    /// The column of the first field, and how many there are.
    first: usize,
    fields: usize,
}

/// A buffer of rows in one of COPY's formats.
pub struct RowBuf {
    buf: Box<[u8]>,
    /// Bytes written.
    pos: usize,
    /// Binary: the table's column kinds; empty for text.
    kinds: Box<[Kind]>,
    binary: bool,
    /// Fields written in the current row.
    field: usize,
}

impl RowBuf {
    /// Rows in the text format.
    pub fn text_format(capacity: usize) -> Self {
        RowBuf { buf: zeroed(capacity + ROW_ROOM), pos: 0, kinds: Box::new([]), binary: false, field: 0 }
    }

    /// Rows in the binary format, for columns of these kinds.
    pub fn binary_format(capacity: usize, kinds: &[Kind]) -> Self {
        RowBuf { buf: zeroed(capacity + ROW_ROOM), pos: 0, kinds: kinds.into(), binary: true, field: 0 }
    }

    pub fn is_binary(&self) -> bool {
        self.binary
    }

    /// What was written so far.
    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.pos]
    }

    pub fn len(&self) -> usize {
        self.pos
    }

    pub fn clear(&mut self) {
        self.pos = 0;
    }

    /// Makes room for `n` more bytes.
    pub(super) fn room(&mut self, n: usize) {
        if self.pos + n > self.buf.len() {
            let mut bigger = zeroed((self.buf.len() * 2).max(self.pos + n + ROW_ROOM));
            bigger[..self.pos].copy_from_slice(&self.buf[..self.pos]);
            self.buf = bigger;
        }
    }

    pub(super) fn put(&mut self, b: u8) {
        self.buf[self.pos] = b;
        self.pos += 1;
    }

    /// Also keeps a row's worth of room after them, for the fixed-size
    /// fields that follow without asking.
    pub(super) fn put_bytes(&mut self, bytes: &[u8]) {
        self.room(bytes.len() + ROW_ROOM);
        self.buf[self.pos..self.pos + bytes.len()].copy_from_slice(bytes);
        self.pos += bytes.len();
    }

    pub(super) fn put_u16(&mut self, v: u16) {
        let (b, p) = (&mut self.buf, self.pos);
        b[p] = (v >> 8) as u8;
        b[p + 1] = v as u8;
        self.pos = p + 2;
    }

    pub(super) fn put_u32(&mut self, v: u32) {
        let (b, p) = (&mut self.buf, self.pos);
        b[p] = (v >> 24) as u8;
        b[p + 1] = (v >> 16) as u8;
        b[p + 2] = (v >> 8) as u8;
        b[p + 3] = v as u8;
        self.pos = p + 4;
    }

    pub(super) fn put_u64(&mut self, v: u64) {
        let (b, p) = (&mut self.buf, self.pos);
        b[p] = (v >> 56) as u8;
        b[p + 1] = (v >> 48) as u8;
        b[p + 2] = (v >> 40) as u8;
        b[p + 3] = (v >> 32) as u8;
        b[p + 4] = (v >> 24) as u8;
        b[p + 5] = (v >> 16) as u8;
        b[p + 6] = (v >> 8) as u8;
        b[p + 7] = v as u8;
        self.pos = p + 8;
    }

    /// A four-byte field: its length and its value, in one call.
    fn put_field4(&mut self, v: u32) {
        let (b, p) = (&mut self.buf, self.pos);
        b[p] = 0;
        b[p + 1] = 0;
        b[p + 2] = 0;
        b[p + 3] = 4;
        b[p + 4] = (v >> 24) as u8;
        b[p + 5] = (v >> 16) as u8;
        b[p + 6] = (v >> 8) as u8;
        b[p + 7] = v as u8;
        self.pos = p + 8;
    }

    /// An eight-byte field.
    fn put_field8(&mut self, v: u64) {
        let (b, p) = (&mut self.buf, self.pos);
        b[p] = 0;
        b[p + 1] = 0;
        b[p + 2] = 0;
        b[p + 3] = 8;
        self.pos = p + 4;
        self.put_u64(v);
    }

    /// Starts a field: the separator (text), or the field count before a
    /// row's first one (binary). Gives the column's kind in binary.
    fn start(&mut self) -> Option<Kind> {
        let field = self.field;
        self.field += 1;
        if !self.binary {
            if field > 0 {
                self.put(b'\t');
            } else {
                self.room(ROW_ROOM);
            }
            return None;
        }
        if field == 0 {
            self.room(ROW_ROOM);
            self.put_u16(self.kinds.len() as u16);
        }
        // Past the last column this panics (as [`RowBuf::end`] does for too few).
        Some(self.kinds[field])
    }

    /// What `write` writes as the fields from column `first` on, encoded as
    /// this buffer encodes them, for [`RowBuf::encoded`].
    pub fn encode(&self, first: usize, write: impl FnOnce(&mut RowBuf)) -> Encoded {
        let mut scratch = RowBuf { buf: zeroed(ROW_ROOM), pos: 0, kinds: self.kinds.clone(), binary: self.binary, field: first };
        write(&mut scratch);
        Encoded { bytes: scratch.bytes().into(), first, fields: scratch.field - first }
    }

    /// Copies fields encoded by [`RowBuf::encode`] into the row.
    pub fn encoded(&mut self, fields: &Encoded) {
        assert_eq!(self.field, fields.first, "encoded fields out of place");
        if self.field == 0 {
            self.room(ROW_ROOM);
        }
        self.put_bytes(&fields.bytes);
        self.field += fields.fields;
    }

    /// Ends the row.
    pub fn end(&mut self) {
        if self.binary {
            assert_eq!(self.field, self.kinds.len(), "row has {} fields for {} columns", self.field, self.kinds.len());
        } else {
            self.put(b'\n');
        }
        self.field = 0;
    }

    pub fn null(&mut self) {
        match self.start() {
            None => self.put_bytes(b"\\N"),
            Some(_) => self.put_u32(u32::MAX), // length -1
        }
    }

    pub fn uuid(&mut self, id: u128) {
        match self.start() {
            None => text::uuid(self, id),
            Some(Kind::Uuid) => {
                self.put_u32(16);
                self.put_u64((id >> 64) as u64);
                self.put_u64(id as u64);
            }
            Some(kind) => mismatch(kind, "a uuid"),
        }
    }

    pub fn int(&mut self, value: impl Into<i64>) {
        let value: i64 = value.into();
        match self.start() {
            None => self.put_bytes(itoa::Buffer::new().format(value).as_bytes()),
            Some(Kind::Int4) => {
                if value < i64::from(i32::MIN) || value > i64::from(i32::MAX) {
                    panic!("{value} is out of an int4 column's range");
                }
                self.put_field4(value as i32 as u32);
            }
            Some(Kind::Int8) => {
                self.put_field8(value as u64);
            }
            Some(Kind::Int2) => {
                if value < i64::from(i16::MIN) || value > i64::from(i16::MAX) {
                    panic!("{value} is out of an int2 column's range");
                }
                self.put_u32(2);
                self.put_u16(value as i16 as u16);
            }
            Some(kind) => mismatch(kind, "an integer"),
        }
    }

    pub fn opt_int(&mut self, value: Option<impl Into<i64>>) {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    pub fn bool(&mut self, value: bool) {
        match self.start() {
            None => self.put(if value { b't' } else { b'f' }),
            Some(Kind::Bool) => {
                self.put_u32(1);
                self.put(u8::from(value));
            }
            Some(kind) => mismatch(kind, "a bool"),
        }
    }

    /// Text known to need no escaping (enum spellings, generated codes).
    pub fn raw(&mut self, text: &str) {
        match self.start() {
            None => self.put_bytes(text.as_bytes()),
            Some(kind) => self.binary_text(kind, text),
        }
    }

    /// Any text (JSON too), escaped for COPY's text format.
    pub fn text(&mut self, text: &str) {
        match self.start() {
            None => text::escaped(self, text.as_bytes()),
            Some(kind) => self.binary_text(kind, text),
        }
    }

    fn binary_text(&mut self, kind: Kind, text: &str) {
        match kind {
            Kind::Text => self.put_u32(text.len() as u32),
            Kind::Jsonb => {
                // jsonb's binary input is a version byte and the JSON text.
                self.put_u32(text.len() as u32 + 1);
                self.put(1);
            }
            kind => mismatch(kind, "text"),
        }
        self.put_bytes(text.as_bytes());
    }

    pub fn opt_text(&mut self, text: Option<&str>) {
        match text {
            Some(t) => self.text(t),
            None => self.null(),
        }
    }

    /// `scaled / 10^decimals` as an exact decimal, e.g. (12345, 2) → 123.45.
    pub fn fixed(&mut self, scaled: i64, decimals: u32) {
        match self.start() {
            None => text::fixed(self, scaled, decimals),
            Some(Kind::Numeric) => binary::numeric(self, scaled, decimals),
            Some(kind) => mismatch(kind, "a decimal"),
        }
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
        match self.start() {
            None => text::date(self, days),
            Some(Kind::Date) => {
                self.put_field4((days - PG_EPOCH_DAYS) as u32);
            }
            Some(kind) => mismatch(kind, "a date"),
        }
    }

    /// A timestamptz in UTC, to the second.
    pub fn ts(&mut self, secs: Secs) {
        match self.start() {
            None => text::ts(self, secs),
            Some(Kind::Timestamptz) => {
                self.put_field8(((secs - Secs::from(PG_EPOCH_DAYS) * DAY_SECS) * 1_000_000) as u64);
            }
            Some(kind) => mismatch(kind, "a timestamp"),
        }
    }

    pub fn opt_ts(&mut self, secs: Option<Secs>) {
        match secs {
            Some(s) => self.ts(s),
            None => self.null(),
        }
    }

    /// An int4[] of `items`, e.g. `{1968,1969}`.
    pub fn int_array(&mut self, items: impl ExactSizeIterator<Item = i32>) {
        match self.start() {
            None => text::int_array(self, items),
            Some(Kind::Int4Array) => {
                binary::array_header(self, items.len(), 8 * items.len(), 23);
                for item in items {
                    self.put_field4(item as u32);
                }
            }
            Some(kind) => mismatch(kind, "an int4[]"),
        }
    }

    /// A text[] of `items`, each quoted in text, e.g. `{"Ford","Mercury"}`.
    pub fn text_array(&mut self, items: &[&str]) {
        match self.start() {
            None => text::text_array(self, items),
            Some(Kind::TextArray) => {
                let payload: usize = items.iter().map(|item| 4 + item.len()).sum();
                binary::array_header(self, items.len(), payload, 25);
                for item in items {
                    self.put_u32(item.len() as u32);
                    self.put_bytes(item.as_bytes());
                }
            }
            Some(kind) => mismatch(kind, "a text[]"),
        }
    }

}

fn zeroed(len: usize) -> Box<[u8]> {
    vec![0; len].into_boxed_slice()
}

fn mismatch(kind: Kind, value: &str) -> ! {
    panic!("{value} for a {kind:?} column")
}

/// `value` × 10^decimals, rounded.
pub fn scale(value: f64, decimals: u32) -> i64 {
    (value * 10f64.powi(decimals as i32)).round() as i64
}
