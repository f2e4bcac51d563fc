//! Flat tables → files: CSV (csv crate, RFC 4180), JSON Lines, Parquet (parquet crate, no arrow).
//!
//! A table is a list of typed columns; rows are streamed in. Every writer writes to a temporary
//! file beside the destination and renames it into place on `finish`, so a reader never sees half
//! a file. No clock, no hash-map order: the same rows give the same bytes.

use rust_decimal::Decimal;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Column types. Decimals are exact (`Decimal`), never floats, in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Bool,
    /// DECIMAL(precision, scale); a value must already fit (see [`fits`]).
    Dec(u32, u32),
}

#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub kind: Kind,
}

pub const fn col(name: &'static str, kind: Kind) -> Col {
    Col { name, kind }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Bool(bool),
    Dec(Decimal),
}

impl From<Option<String>> for Cell {
    fn from(v: Option<String>) -> Cell {
        v.map(Cell::Str).unwrap_or(Cell::Null)
    }
}
impl From<&Option<String>> for Cell {
    fn from(v: &Option<String>) -> Cell {
        v.clone().into()
    }
}
impl From<Option<&str>> for Cell {
    fn from(v: Option<&str>) -> Cell {
        v.map(Cell::from).unwrap_or(Cell::Null)
    }
}
impl From<&str> for Cell {
    fn from(v: &str) -> Cell {
        Cell::Str(v.to_string())
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Str(v)
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Cell {
        Cell::Bool(v)
    }
}
impl From<usize> for Cell {
    fn from(v: usize) -> Cell {
        Cell::Int(v as i64)
    }
}
macro_rules! int_option {
    ($($t:ty),*) => {$(
        impl From<Option<$t>> for Cell {
            fn from(v: Option<$t>) -> Cell {
                v.map(|x| Cell::Int(i64::from(x))).unwrap_or(Cell::Null)
            }
        }
    )*};
}
int_option!(u8, u32, i32);

/// `d` at `scale` as an unscaled integer, if it is exactly representable in DECIMAL(p, scale):
/// no digit beyond `scale` and fewer than `p - scale` integer digits. Never rounds.
pub fn fits(d: Decimal, precision: u32, scale: u32) -> Option<i128> {
    let n = d.normalize();
    if n.scale() > scale {
        return None;
    }
    let unscaled = n
        .mantissa()
        .checked_mul(10i128.checked_pow(scale - n.scale())?)?;
    (unscaled.unsigned_abs() < 10u128.pow(precision)).then_some(unscaled)
}

/// The text of a decimal cell in CSV/JSONL: exactly `scale` decimals, so every format prints
/// the same number the same way.
fn dec_text(d: Decimal, scale: u32) -> String {
    let mut x = d;
    x.rescale(scale);
    x.to_string()
}

/// Supported output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Parquet,
    Csv,
    Jsonl,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }
}

/// Rows per Parquet row group (fixed, so the bytes do not depend on timing or threads).
pub const ROW_GROUP: usize = 65_536;

pub struct TableWriter {
    cols: &'static [Col],
    dest: PathBuf,
    tmp: PathBuf,
    rows: usize,
    inner: Inner,
}

enum Inner {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Jsonl(BufWriter<File>),
    Parquet(Box<ParquetSink>),
}

pub type Result<T> = std::result::Result<T, String>;

impl TableWriter {
    /// Create `dir/<name>.<ext>` (as a temporary file until [`TableWriter::finish`]).
    pub fn create(
        dir: &Path,
        name: &str,
        cols: &'static [Col],
        format: Format,
    ) -> Result<TableWriter> {
        let dest = dir.join(format!("{name}.{}", format.ext()));
        let tmp = dir.join(format!(
            ".{name}.{}.tmp-{}",
            format.ext(),
            std::process::id()
        ));
        let file =
            File::create(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
        let buf = BufWriter::with_capacity(1 << 16, file);
        let inner = match format {
            Format::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(buf);
                w.write_record(cols.iter().map(|c| c.name))
                    .map_err(|e| e.to_string())?;
                Inner::Csv(Box::new(w))
            }
            Format::Jsonl => Inner::Jsonl(buf),
            Format::Parquet => Inner::Parquet(Box::new(ParquetSink::new(name, cols, buf)?)),
        };
        Ok(TableWriter {
            cols,
            dest,
            tmp,
            rows: 0,
            inner,
        })
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn dest(&self) -> &Path {
        &self.dest
    }

    pub fn write(&mut self, row: Vec<Cell>) -> Result<()> {
        debug_assert_eq!(row.len(), self.cols.len());
        self.rows += 1;
        let io = |e: std::io::Error| e.to_string();
        match &mut self.inner {
            Inner::Csv(w) => {
                let fields = row.iter().zip(self.cols).map(|(c, col)| match c {
                    Cell::Null => String::new(),
                    Cell::Str(s) => s.clone(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Bool(b) => b.to_string(),
                    Cell::Dec(d) => match col.kind {
                        Kind::Dec(_, s) => dec_text(*d, s),
                        _ => d.to_string(),
                    },
                });
                w.write_record(fields).map_err(|e| e.to_string())
            }
            Inner::Jsonl(w) => {
                let mut line = String::with_capacity(256);
                line.push('{');
                for (i, (c, col)) in row.iter().zip(self.cols).enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    line.push_str(&json_string(col.name));
                    line.push(':');
                    match c {
                        Cell::Null => line.push_str("null"),
                        Cell::Str(s) => line.push_str(&json_string(s)),
                        Cell::Int(i) => line.push_str(&i.to_string()),
                        Cell::Bool(b) => line.push_str(if *b { "true" } else { "false" }),
                        // Decimals are JSON strings: a JSON number is a double to most readers.
                        Cell::Dec(d) => {
                            let s = match col.kind {
                                Kind::Dec(_, s) => dec_text(*d, s),
                                _ => d.to_string(),
                            };
                            line.push_str(&json_string(&s));
                        }
                    }
                }
                line.push_str("}\n");
                w.write_all(line.as_bytes()).map_err(io)
            }
            Inner::Parquet(p) => p.push(row),
        }
    }

    /// Flush, close and rename into place.
    pub fn finish(self) -> Result<()> {
        let TableWriter {
            dest, tmp, inner, ..
        } = self;
        let done = (|| -> Result<()> {
            let file = match inner {
                Inner::Csv(w) => (*w)
                    .into_inner()
                    .map_err(|e| e.to_string())?
                    .into_inner()
                    .map_err(|e| e.to_string())?,
                Inner::Jsonl(w) => w.into_inner().map_err(|e| e.to_string())?,
                Inner::Parquet(p) => p.close()?.into_inner().map_err(|e| e.to_string())?,
            };
            drop(file);
            std::fs::rename(&tmp, &dest).map_err(|e| e.to_string())
        })();
        if let Err(e) = done {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("cannot write {}: {e}", dest.display()));
        }
        Ok(())
    }

    /// Remove the temporary file (on an error elsewhere).
    pub fn abandon(self) {
        let tmp = self.tmp.clone();
        drop(self);
        let _ = std::fs::remove_file(tmp);
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

// ---------------------------------------------------------------------------
// Parquet

use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::data_type::FixedLenByteArrayType;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, FixedLenByteArray, Int64Type};
use parquet::file::properties::{WriterProperties, WriterVersion};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

/// Bytes of a FIXED_LEN_BYTE_ARRAY holding DECIMAL(p, _) (the Parquet spec's minimum).
pub fn decimal_bytes(precision: u32) -> usize {
    // the smallest n with 2^(8n-1) > 10^p (p <= 38, so both sides fit a u128)
    (1..=16usize)
        .find(|&n| (1u128 << (8 * n - 1)) > 10u128.pow(precision.min(38)))
        .unwrap_or(16)
}

struct ParquetSink {
    cols: &'static [Col],
    writer: SerializedFileWriter<BufWriter<File>>,
    /// Buffered rows of the current row group, column-major.
    buf: Vec<ColBuf>,
    pending: usize,
}

#[derive(Default)]
struct ColBuf {
    def: Vec<i16>,
    /// Strings of the row group in one buffer (end offsets), sliced at flush: no allocation per value.
    arena: Vec<u8>,
    ends: Vec<usize>,
    fixed: Vec<FixedLenByteArray>,
    ints: Vec<i64>,
    bools: Vec<bool>,
}

impl ParquetSink {
    fn new(name: &str, cols: &'static [Col], out: BufWriter<File>) -> Result<ParquetSink> {
        let pe = |e: parquet::errors::ParquetError| e.to_string();
        let mut fields = Vec::new();
        for c in cols {
            let t = match c.kind {
                Kind::Str => Type::primitive_type_builder(c.name, Physical::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String))
                    .with_converted_type(ConvertedType::UTF8),
                Kind::Int => Type::primitive_type_builder(c.name, Physical::INT64),
                Kind::Bool => Type::primitive_type_builder(c.name, Physical::BOOLEAN),
                Kind::Dec(p, s) => {
                    Type::primitive_type_builder(c.name, Physical::FIXED_LEN_BYTE_ARRAY)
                        .with_length(decimal_bytes(p) as i32)
                        .with_logical_type(Some(LogicalType::decimal(s as i32, p as i32)))
                        .with_converted_type(ConvertedType::DECIMAL)
                        .with_precision(p as i32)
                        .with_scale(s as i32)
                }
            };
            fields.push(Arc::new(
                t.with_repetition(Repetition::OPTIONAL)
                    .build()
                    .map_err(pe)?,
            ));
        }
        let schema = Type::group_type_builder(name)
            .with_fields(fields)
            .build()
            .map_err(pe)?;
        let props = WriterProperties::builder()
            .set_writer_version(WriterVersion::PARQUET_1_0)
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("gongkai {}", env!("CARGO_PKG_VERSION")))
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        let writer =
            SerializedFileWriter::new(out, Arc::new(schema), Arc::new(props)).map_err(pe)?;
        Ok(ParquetSink {
            cols,
            writer,
            buf: cols.iter().map(|_| ColBuf::default()).collect(),
            pending: 0,
        })
    }

    fn push(&mut self, row: Vec<Cell>) -> Result<()> {
        for ((cell, col), b) in row.into_iter().zip(self.cols).zip(&mut self.buf) {
            if cell == Cell::Null {
                b.def.push(0);
                continue;
            }
            b.def.push(1);
            match (col.kind, cell) {
                (Kind::Str, Cell::Str(s)) => {
                    b.arena.extend_from_slice(s.as_bytes());
                    b.ends.push(b.arena.len());
                }
                (Kind::Int, Cell::Int(i)) => b.ints.push(i),
                (Kind::Bool, Cell::Bool(v)) => b.bools.push(v),
                (Kind::Dec(p, s), Cell::Dec(d)) => {
                    let unscaled = fits(d, p, s).ok_or_else(|| {
                        format!("{}: {d} does not fit DECIMAL({p},{s})", col.name)
                    })?;
                    let n = decimal_bytes(p);
                    let be = unscaled.to_be_bytes();
                    b.fixed.push(FixedLenByteArray::from(be[16 - n..].to_vec()));
                }
                (k, c) => return Err(format!("{}: {c:?} is not a {k:?}", col.name)),
            }
        }
        self.pending += 1;
        if self.pending == ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        let pe = |e: parquet::errors::ParquetError| e.to_string();
        let mut rg = self.writer.next_row_group().map_err(pe)?;
        let mut i = 0;
        while let Some(mut cw) = rg.next_column().map_err(pe)? {
            let mut b = std::mem::take(&mut self.buf[i]);
            let whole = bytes::Bytes::from(std::mem::take(&mut b.arena));
            let mut start = 0;
            let strings: Vec<ByteArray> = b
                .ends
                .iter()
                .map(|&end| {
                    let v = ByteArray::from(whole.slice(start..end));
                    start = end;
                    v
                })
                .collect();
            let def = Some(&b.def[..]);
            match self.cols[i].kind {
                Kind::Str => cw.typed::<ByteArrayType>().write_batch(&strings, def, None),
                Kind::Int => cw.typed::<Int64Type>().write_batch(&b.ints, def, None),
                Kind::Bool => cw.typed::<BoolType>().write_batch(&b.bools, def, None),
                Kind::Dec(..) => cw
                    .typed::<FixedLenByteArrayType>()
                    .write_batch(&b.fixed, def, None),
            }
            .map_err(pe)?;
            cw.close().map_err(pe)?;
            i += 1;
        }
        rg.close().map_err(pe)?;
        self.pending = 0;
        Ok(())
    }

    fn close(mut self) -> Result<BufWriter<File>> {
        self.flush()?;
        self.writer.into_inner().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn fits_never_rounds() {
        assert_eq!(fits(d("2556800.00"), 20, 2), Some(255680000));
        assert_eq!(fits(d("2556800"), 20, 2), Some(255680000));
        assert_eq!(fits(d("-0.5"), 20, 2), Some(-50));
        assert_eq!(fits(d("0.001"), 20, 2), None);
        assert_eq!(fits(d("0.0010"), 20, 2), None);
        assert_eq!(fits(d("0.0100"), 20, 2), Some(1));
        // 18 integer digits fit DECIMAL(20,2), 19 do not
        assert!(fits(d("999999999999999999.99"), 20, 2).is_some());
        assert_eq!(fits(d("1000000000000000000"), 20, 2), None);
    }

    #[test]
    fn decimal_byte_widths_follow_the_spec() {
        assert_eq!(decimal_bytes(9), 4);
        assert_eq!(decimal_bytes(18), 8);
        assert_eq!(decimal_bytes(20), 9);
        assert_eq!(decimal_bytes(24), 11);
        assert_eq!(decimal_bytes(38), 16);
    }
}
