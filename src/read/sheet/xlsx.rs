//! .xlsx through calamine: values, number formats and borders from
//! `worksheet_style`, merged regions; the hidden rows (`<row hidden="1">`) and
//! columns (`<col hidden="1">`) from the sheet part itself, which calamine
//! does not expose.

use super::{Sheet, SheetCell, numfmt};
use crate::error::Error;
use crate::layout::Note;
use calamine::{Reader, Xlsx};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Cursor;

pub(super) fn sheets(bytes: &[u8], warnings: &mut Vec<Note>) -> Result<Vec<Sheet>, Error> {
    inflates_within_caps(bytes)?;
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| opened(&e))?;
    let parts = sheet_parts(bytes)?;
    let mut out = Vec::new();
    let visible = super::visible_sheets(&mut wb, |wb, name| wb.merge_cells_by_sheet_name(name))?;
    for (name, range, mut sheet) in visible {
        let styles = wb
            .worksheet_style(&name)
            .map_err(|e| Error::Corrupt(format!("sheet {name}: styles: {e}")))?;
        if let Some(part) = parts.get(&name) {
            hidden(bytes, part, &mut sheet)?;
        }
        let (w, h) = (styles.width() as u64, styles.height() as u64);
        if w * h <= super::MAX_SHEET_SLOTS {
            for (r, c, style) in styles.cells() {
                if style
                    .borders
                    .as_ref()
                    .is_some_and(|b| b.has_visible_borders())
                {
                    sheet.cells.entry((r, c)).or_default().bordered = true;
                }
            }
        }
        sheet.fill(&range, warnings, |pos| {
            styles
                .get(pos)
                .and_then(|s| s.number_format.as_ref())
                .map(|f| {
                    if f.format_code.is_empty() {
                        f.format_id
                            .and_then(numfmt::builtin)
                            .unwrap_or("General")
                            .to_string()
                    } else {
                        f.format_code.clone()
                    }
                })
                .unwrap_or_else(|| "General".into())
        });
        sheet
            .cells
            .retain(|_, c: &mut SheetCell| c.bordered || !c.text.is_empty());
        out.push(sheet);
    }
    Ok(out)
}

fn opened(e: &calamine::XlsxError) -> Error {
    use calamine::XlsxError as X;
    match e {
        X::Zip(z) => Error::Corrupt(format!("not a readable .xlsx zip: {z}")),
        X::FileNotFound(f) => Error::Corrupt(format!("the workbook has no part {f}")),
        other => Error::Corrupt(format!("unreadable workbook: {other}")),
    }
}

/// Sheet name → its part path (`xl/worksheets/sheet1.xml`), from
/// `xl/workbook.xml` and `xl/_rels/workbook.xml.rels`.
fn sheet_parts(bytes: &[u8]) -> Result<BTreeMap<String, String>, Error> {
    let workbook = part(bytes, "xl/workbook.xml")?;
    let rels = part(bytes, "xl/_rels/workbook.xml.rels")?;
    let mut targets = BTreeMap::new();
    for (_, attrs) in elements(&rels, b"Relationship") {
        if let (Some(id), Some(t)) = (attrs.get("Id"), attrs.get("Target")) {
            let path = match t.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{t}"),
            };
            targets.insert(id.clone(), path);
        }
    }
    let mut out = BTreeMap::new();
    for (_, attrs) in elements(&workbook, b"sheet") {
        let id = attrs.iter().find(|(k, _)| k.ends_with(":id") || *k == "id");
        if let (Some(name), Some((_, id))) = (attrs.get("name"), id)
            && let Some(p) = targets.get(id)
        {
            out.insert(name.clone(), p.clone());
        }
    }
    Ok(out)
}

/// Hidden rows and columns of one sheet part.
fn hidden(bytes: &[u8], path: &str, sheet: &mut Sheet) -> Result<(), Error> {
    let xml = part(bytes, path)?;
    let on = |v: Option<&String>| v.is_some_and(|v| v == "1" || v == "true");
    for (name, attrs) in elements(&xml, b"") {
        match name.as_slice() {
            b"row" if on(attrs.get("hidden")) => {
                if let Some(r) = attrs.get("r").and_then(|r| r.parse::<u32>().ok()) {
                    sheet.hidden_rows.insert(r.saturating_sub(1));
                }
            }
            b"col" if on(attrs.get("hidden")) => {
                let n = |k: &str| attrs.get(k).and_then(|v| v.parse::<u32>().ok());
                if let (Some(min), Some(max)) = (n("min"), n("max")) {
                    // <col> ranges may run to column 16384: cap at the sheet width.
                    for c in min.max(1)..=max.min(16_384) {
                        sheet.hidden_cols.insert(c - 1);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// One zip part, inflated (capped as the docx reader caps its parts).
/// Largest total of all parts of one workbook once inflated.
const MAX_TOTAL_BYTES: u64 = 4 * crate::read::docx::MAX_PART_BYTES;

/// calamine inflates the parts itself, with no cap: inflate each part once
/// under gongkai's caps first (each part as for .docx, and all of them
/// together), so a zip bomb fails "too large when decompressed" before
/// calamine allocates for it. A zip that is not readable is left to calamine,
/// which says why.
fn inflates_within_caps(bytes: &[u8]) -> Result<(), Error> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let cap = crate::read::docx::MAX_PART_BYTES;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(file) = zip.by_index(i) else {
            continue;
        };
        let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
        let n = if file.size() > cap {
            return Err(too_large(&name, cap));
        } else {
            match crate::read::read_capped(file, cap, &name) {
                Ok(data) => data.len() as u64,
                Err(Error::TooLarge(_)) => return Err(too_large(&name, cap)),
                // damaged entries: calamine reports them
                Err(_) => continue,
            }
        };
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err(too_large("the workbook's parts together", MAX_TOTAL_BYTES));
        }
    }
    Ok(())
}

fn too_large(what: &str, cap: u64) -> Error {
    Error::TooLarge(format!(
        "when decompressed: {what} expands past {} MiB (a zip bomb?)",
        cap >> 20
    ))
}

fn part(bytes: &[u8], name: &str) -> Result<Vec<u8>, Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::Corrupt(format!("not a readable .xlsx zip: {e}")))?;
    let file = zip
        .by_name(name)
        .map_err(|_| Error::Corrupt(format!("the workbook has no part {name}")))?;
    let cap = crate::read::docx::MAX_PART_BYTES;
    if file.size() > cap {
        return Err(Error::TooLarge(format!("{name} inflates past {cap} bytes")));
    }
    crate::read::read_capped(file, cap, name)
}

/// Every element named `local` (any element when empty) with its attributes
/// by local name; malformed XML ends the list.
fn elements(xml: &[u8], local: &[u8]) -> Vec<(Vec<u8>, BTreeMap<String, String>)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = e.local_name().as_ref().as_bytes().to_vec();
                if local.is_empty() || name == local {
                    let attrs = e
                        .attributes()
                        .with_checks(false)
                        .flatten()
                        .map(|a| {
                            let key = a.key.as_ref().to_string();
                            let key = match key.split_once(':') {
                                Some((p, l)) if p != "r" => l.to_string(),
                                _ => key,
                            };
                            let v = a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                                .unwrap_or_default();
                            (key, v)
                        })
                        .collect();
                    out.push((name, attrs));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn data_displayed() {
        let mut n = 0;
        assert_eq!(
            super::super::xls::display(&calamine::Data::Float(255.675), "0.00", &mut n),
            "255.68"
        );
        assert_eq!(n, 0);
    }
}
