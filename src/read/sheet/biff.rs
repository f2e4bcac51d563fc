//! What calamine does not expose from a BIFF8 workbook stream (.xls, WPS .et):
//! each cell's XF (→ number format code, borders) and the hidden rows and
//! columns of each sheet. A plain record walk (MS-XLS 2.1.4): the globals
//! (FORMAT, XF, BOUNDSHEET8), then each sheet's substream at its BOUNDSHEET8
//! offset (ROW, COLINFO and the cell records, which all start rw, col, ixfe).

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub(super) struct Biff {
    /// Per XF index: its number format code.
    pub xf_format: Vec<String>,
    /// Per XF index: some border line is drawn.
    pub xf_border: Vec<bool>,
    pub sheets: Vec<BiffSheet>,
}

#[derive(Debug, Default)]
pub(super) struct BiffSheet {
    pub name: String,
    pub cell_xf: BTreeMap<(u32, u32), u16>,
    pub hidden_rows: BTreeSet<u32>,
    pub hidden_cols: BTreeSet<u32>,
}

use crate::read::{le_u16 as u16_at, le_u32 as u32_at};

/// Records from `pos`: (type, data) until the stream ends or a record is cut.
fn records(stream: &[u8], mut pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = u16_at(stream, pos + 2)? as usize;
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// An XLUnicodeString body (flags byte then chars) of `cch` characters.
fn unicode(d: &[u8], cch: usize, at: usize) -> String {
    let Some(&flags) = d.get(at) else {
        return String::new();
    };
    let body = &d[(at + 1).min(d.len())..];
    if flags & 1 == 0 {
        body.iter().take(cch).map(|&b| char::from(b)).collect()
    } else {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    }
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;

pub(super) fn scan(stream: &[u8]) -> Biff {
    let mut biff = Biff::default();
    let mut formats: BTreeMap<u16, String> = BTreeMap::new();
    let mut xf_ifmt: Vec<u16> = Vec::new();
    let mut boundsheets: Vec<(usize, String)> = Vec::new();
    for (typ, d) in records(stream, 0).skip(1) {
        match typ {
            EOF => break,
            0x041E => {
                if let (Some(id), Some(cch)) = (u16_at(d, 0), u16_at(d, 2)) {
                    formats.insert(id, unicode(d, cch as usize, 4));
                }
            }
            0x00E0 => {
                xf_ifmt.push(u16_at(d, 2).unwrap_or(0));
                let lines = u32_at(d, 10).unwrap_or(0) & 0xFFFF;
                biff.xf_border.push(lines != 0);
            }
            0x0085 => {
                // Worksheets only (dt 0); hidden ones are calamine's to skip.
                if let (Some(pos), Some(&dt), Some(&cch)) = (u32_at(d, 0), d.get(5), d.get(6))
                    && dt == 0
                {
                    boundsheets.push((pos as usize, unicode(d, cch as usize, 7)));
                }
            }
            _ => {}
        }
    }
    biff.xf_format = xf_ifmt
        .iter()
        .map(|id| {
            formats.get(id).cloned().unwrap_or_else(|| {
                super::numfmt::builtin(u32::from(*id))
                    .unwrap_or("General")
                    .to_string()
            })
        })
        .collect();
    for (pos, name) in boundsheets {
        let mut sheet = BiffSheet {
            name,
            ..BiffSheet::default()
        };
        if u16_at(stream, pos) == Some(BOF) {
            sheet_records(stream, pos, &mut sheet);
        }
        biff.sheets.push(sheet);
    }
    biff
}

fn sheet_records(stream: &[u8], pos: usize, sheet: &mut BiffSheet) {
    let mut depth = 0usize;
    for (typ, d) in records(stream, pos) {
        match typ {
            BOF => depth += 1,
            EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ if depth > 1 => {} // an embedded chart's substream
            0x0208 => {
                if let (Some(rw), Some(flags)) = (u16_at(d, 0), u16_at(d, 12))
                    && flags & 0x0020 != 0
                {
                    sheet.hidden_rows.insert(u32::from(rw));
                }
            }
            0x007D => {
                if let (Some(first), Some(last), Some(flags)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, 8))
                    && flags & 1 != 0
                {
                    for c in first..=last.min(255) {
                        sheet.hidden_cols.insert(u32::from(c));
                    }
                }
            }
            0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x0006 | 0x027E | 0x00FD | 0x00D6 => {
                if let (Some(rw), Some(col), Some(xf)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4))
                {
                    sheet.cell_xf.insert((u32::from(rw), u32::from(col)), xf);
                }
            }
            0x00BD | 0x00BE => {
                // MULRK: (ixfe, rk) × n; MULBLANK: ixfe × n; both end in colLast.
                let step = if typ == 0x00BD { 6 } else { 2 };
                if let (Some(rw), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) {
                    let body = d.get(4..d.len().saturating_sub(2)).unwrap_or(&[]);
                    for (i, chunk) in body.chunks_exact(step).enumerate() {
                        let xf = u16::from_le_bytes([chunk[0], chunk[1]]);
                        let col = u32::from(first) + i as u32;
                        sheet.cell_xf.insert((u32::from(rw), col), xf);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    #[test]
    fn formats_borders_cells_and_hidden_rows_and_columns() {
        let mut xf_plain = vec![0u8; 20];
        xf_plain[2..4].copy_from_slice(&2u16.to_le_bytes()); // 0.00
        let mut xf_boxed = vec![0u8; 20];
        xf_boxed[2..4].copy_from_slice(&164u16.to_le_bytes());
        xf_boxed[10..14].copy_from_slice(&0x1111u32.to_le_bytes());
        let mut fmt = 164u16.to_le_bytes().to_vec();
        fmt.extend(8u16.to_le_bytes());
        fmt.push(0);
        fmt.extend(b"#,##0.00");
        let mut globals = rec(BOF, &[0; 16]);
        globals.extend(rec(0x041E, &fmt));
        globals.extend(rec(0x00E0, &xf_plain));
        globals.extend(rec(0x00E0, &xf_boxed));
        let sheet_at_placeholder = globals.len();
        let mut bs = vec![0u8; 4];
        bs.extend([0, 0, 2, 0]);
        bs.extend(b"T1");
        globals.extend(rec(0x0085, &bs));
        globals.extend(rec(EOF, &[]));
        let at = globals.len() as u32;
        globals[sheet_at_placeholder + 4..sheet_at_placeholder + 8]
            .copy_from_slice(&at.to_le_bytes());
        let mut row = vec![0u8; 16];
        row[0..2].copy_from_slice(&3u16.to_le_bytes());
        row[12..14].copy_from_slice(&0x0020u16.to_le_bytes());
        let mut colinfo = vec![0u8; 12];
        colinfo[0..2].copy_from_slice(&1u16.to_le_bytes());
        colinfo[2..4].copy_from_slice(&2u16.to_le_bytes());
        colinfo[8..10].copy_from_slice(&1u16.to_le_bytes());
        let mut number = vec![0u8; 14];
        number[0..2].copy_from_slice(&5u16.to_le_bytes());
        number[2..4].copy_from_slice(&4u16.to_le_bytes());
        number[4..6].copy_from_slice(&1u16.to_le_bytes());
        let mut mulblank = vec![];
        for v in [7u16, 0, 1, 0, 1] {
            mulblank.extend(v.to_le_bytes());
        }
        mulblank.extend(1u16.to_le_bytes()); // colLast
        let mut s = globals;
        s.extend(rec(BOF, &[0; 16]));
        s.extend(rec(0x0208, &row));
        s.extend(rec(0x007D, &colinfo));
        s.extend(rec(0x0203, &number));
        s.extend(rec(0x00BE, &mulblank));
        s.extend(rec(EOF, &[]));
        let b = scan(&s);
        assert_eq!(b.xf_format, ["0.00", "#,##0.00"]);
        assert_eq!(b.xf_border, [false, true]);
        assert_eq!(b.sheets.len(), 1);
        let sh = &b.sheets[0];
        assert_eq!(sh.name, "T1");
        assert_eq!(sh.hidden_rows.iter().copied().collect::<Vec<_>>(), [3]);
        assert_eq!(sh.hidden_cols.iter().copied().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(sh.cell_xf.get(&(5, 4)), Some(&1));
        assert_eq!(sh.cell_xf.get(&(7, 0)), Some(&1));
        assert_eq!(sh.cell_xf.get(&(7, 1)), Some(&0));
    }

    #[test]
    fn cut_streams_end_quietly() {
        assert!(scan(&[]).sheets.is_empty());
        assert!(scan(&[0x09, 0x08, 0xFF]).sheets.is_empty());
    }
}
