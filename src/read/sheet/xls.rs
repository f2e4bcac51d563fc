//! .xls (and WPS .et, which WPS writes as the same BIFF8 workbook in an OLE
//! compound file) through calamine, with the XF records and hidden rows and
//! columns from [`super::biff`].

use super::{Sheet, biff, numfmt};
use crate::error::Error;
use crate::layout::Note;
use calamine::{Data, Reader, Xls};
use std::io::Cursor;

pub(super) fn sheets(bytes: &[u8], warnings: &mut Vec<Note>) -> Result<Vec<Sheet>, Error> {
    let stream = workbook_stream(bytes)?;
    let biff = biff::scan(&stream);
    let mut wb = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => Error::Protected("workbook"),
        other => Error::Corrupt(format!("unreadable Excel 97-2003 workbook: {other}")),
    })?;
    let mut out = Vec::new();
    let visible = super::visible_sheets(&mut wb, |wb, name| wb.merge_cells_by_sheet_name(name))?;
    for (name, range, mut sheet) in visible {
        let own = biff.sheets.iter().find(|s| s.name == name);
        if own.is_none() {
            warnings.push(Note {
                code: "sheet_formats_missing".into(),
                message: "the sheet's cell formats were not found: numbers shown as General".into(),
                at: Some(format!("sheet {name}")),
            });
        }
        let xf = |pos: &(u32, u32)| own.and_then(|s| s.cell_xf.get(pos)).map(|&x| x as usize);
        if let Some(s) = own {
            sheet.hidden_rows = s.hidden_rows.clone();
            sheet.hidden_cols = s.hidden_cols.clone();
            for (pos, &x) in &s.cell_xf {
                if biff.xf_border.get(x as usize).copied().unwrap_or(false) {
                    sheet.cells.entry(*pos).or_default().bordered = true;
                }
            }
        }
        sheet.fill(&range, warnings, |pos| {
            xf(&pos)
                .and_then(|x| biff.xf_format.get(x))
                .map_or("General", String::as_str)
                .to_string()
        });
        out.push(sheet);
    }
    Ok(out)
}

/// The BIFF8 workbook stream of an OLE file, or why this OLE file is no workbook.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Error::Corrupt(format!("damaged OLE compound file: {e}")))?;
    if cfb.exists("/EncryptedPackage") || cfb.exists("/EncryptionInfo") {
        return Err(Error::Protected("workbook"));
    }
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cfb.is_stream(n))
        .ok_or_else(|| {
            Error::UnsupportedFormat(if cfb.is_stream("/WordDocument") {
                "Word document named as a spreadsheet".into()
            } else {
                "OLE file without an Excel 97-2003 workbook stream (a WPS .et in its own \
                 format? save it as .xls or .xlsx)"
                    .into()
            })
        })?;
    let stream = cfb
        .open_stream(name)
        .map_err(|e| Error::Corrupt(format!("workbook stream: {e}")))?;
    crate::read::read_capped(stream, crate::read::docx::MAX_PART_BYTES, "workbook stream")
}

/// A cell's displayed text under its number format code. Numbers under a
/// format [`numfmt`] does not implement are shown as General and counted.
pub(super) fn display(data: &Data, code: &str, unformatted: &mut usize) -> String {
    let number = |v: f64, n: &mut usize| {
        numfmt::format_number(v, code)
            .or_else(|| {
                *n += 1;
                numfmt::general(v)
            })
            .unwrap_or_default()
    };
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(v) => number(*v, unformatted),
        Data::Int(v) => number(*v as f64, unformatted),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(d) => {
            let serial = d.as_f64();
            match (d.is_datetime(), civil_date(serial)) {
                (true, Some(date)) if serial.fract() == 0.0 => date,
                _ => number(serial, unformatted),
            }
        }
    }
}

/// An Excel (1900 date system) serial day → `YYYY-MM-DD`.
fn civil_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts the fictitious 1900-02-29 as day 60.
    let mut days = serial.trunc() as i64;
    if days > 60 {
        days -= 1;
    }
    // Days since 1899-12-31 → civil date (Howard Hinnant's algorithm, from 1970-01-01).
    let z = days - 25_568 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// One note per sheet for the numbers shown as General.
pub(super) fn note_unformatted(sheet: &str, count: usize, warnings: &mut Vec<Note>) {
    if count > 0 {
        warnings.push(Note {
            code: "sheet_number_format".into(),
            message: format!(
                "{count} numbers under a number format gongkai does not render (date, fraction, \
                 scientific) are shown as General"
            ),
            at: Some(format!("sheet {sheet}")),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_days_to_dates() {
        assert_eq!(civil_date(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(civil_date(59.0).as_deref(), Some("1900-02-28"));
        assert_eq!(civil_date(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(civil_date(45292.0).as_deref(), Some("2024-01-01"));
        assert_eq!(civil_date(-3.0), None);
    }

    #[test]
    fn values_displayed() {
        let mut n = 0;
        assert_eq!(display(&Data::Float(255.675), "0.00", &mut n), "255.68");
        assert_eq!(display(&Data::Int(12), "#,##0.00", &mut n), "12.00");
        assert_eq!(display(&Data::String("x".into()), "0.00", &mut n), "x");
        assert_eq!(display(&Data::Bool(true), "General", &mut n), "TRUE");
        assert_eq!(n, 0);
        assert_eq!(display(&Data::Float(1.5), "0.00E+00", &mut n), "1.5");
        assert_eq!(n, 1);
    }
}
