//! Spreadsheets (.xlsx, .xls, WPS .et): every workbook of `corpus/sheets/`
//! (written by `scripts/make-sheet-corpus` from the .docx of the same
//! document) gives exactly the .docx's facts and the same layout; number
//! formats, hidden rows/columns/sheets and merged cells as the format says;
//! bad workbooks fail with a clear reason.

mod renditions;

use gongkai::compare::compare_pair;
use gongkai::layout::{Block, Layout};
use renditions::{check_renditions, root};
use std::io::Write;

#[test]
fn every_workbook_gives_the_docx_facts_and_layout() {
    check_renditions("sheets", &["xlsx", "xls"], 81 + 28, &[]);
}

#[test]
fn corpus_workbooks_hold_what_the_reader_must_handle() {
    // Stored values with more decimals than shown (the reader must print the
    // displayed value), a hidden sheet, hidden rows and columns: the tests
    // above pass only because each was handled.
    use calamine::Reader;
    let path = root().join("corpus/sheets/synthetic/fa_000.xlsx");
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(std::fs::read(&path).unwrap())).unwrap();
    let meta = wb.sheets_metadata().to_vec();
    assert!(
        meta.iter()
            .any(|s| s.visible != calamine::SheetVisible::Visible)
    );
    let mut finer = 0;
    for s in &meta {
        let r = wb.worksheet_range(&s.name).unwrap();
        for (_, _, v) in r.used_cells() {
            if let calamine::Data::Float(f) = v
                && ((f * 100.0).round() - f * 100.0).abs() > 1e-6
            {
                finer += 1;
            }
        }
    }
    assert!(finer > 20, "{finer} values stored finer than shown");
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut hidden = (0, 0);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        let tags = |open: &str| {
            s.split(open)
                .skip(1)
                .filter(|t| t.split('>').next().unwrap_or("").contains("hidden=\"1\""))
                .count()
        };
        hidden.0 += tags("<row ");
        hidden.1 += tags("<col ");
    }
    assert!(hidden.0 > 0 && hidden.1 > 0, "{hidden:?}");
}

/// A minimal .xlsx: sheets as (name, state, sheetData + mergeCells xml, cols xml).
fn xlsx(sheets: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, body: &str| {
        z.start_file(name, opt).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    };
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    );
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    for (i, (name, state, data, cols)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        wb.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" state="{state}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        put(
            &format!("xl/worksheets/sheet{n}.xml"),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{cols}{data}</worksheet>"#
            ),
        );
    }
    types.push_str("</Types>");
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    put("[Content_Types].xml", &types);
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put("xl/workbook.xml", &wb);
    put("xl/_rels/workbook.xml.rels", &rels);
    // Styles: 0 default; 1 boxed 0.00; 2 boxed #,##0.00; 3 boxed 0.00%; 4 boxed General.
    put(
        "xl/styles.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.00%"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="2" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/></cellXfs></styleSheet>"#,
    );
    z.finish().unwrap().into_inner()
}

fn s(r: &str, style: u8, text: &str) -> String {
    format!(
        r#"<c r="{r}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>"#
    )
}

fn n(r: &str, style: u8, v: &str) -> String {
    format!(r#"<c r="{r}" s="{style}"><v>{v}</v></c>"#)
}

fn read_xlsx(bytes: &[u8]) -> Result<Layout, gongkai::Error> {
    gongkai::read::read(
        gongkai::read::Format::Xlsx,
        bytes,
        &gongkai::recognize::hints::BUDGET,
    )
}

#[test]
fn displayed_values_hidden_parts_and_merges() {
    let data = format!(
        "<sheetData>\
         <row r=\"1\">{}</row>\
         <row r=\"2\">{}{}{}{}</row>\
         <row r=\"3\">{}{}{}{}</row>\
         <row r=\"4\" hidden=\"1\">{}{}{}{}</row>\
         <row r=\"5\">{}{}{}{}</row>\
         <row r=\"6\">{}</row>\
         </sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:D1\"/><mergeCell ref=\"C2:D2\"/></mergeCells>",
        s("A1", 0, "Title of the table"),
        s("A2", 4, "name"),
        s("B2", 4, "secret"),
        s("C2", 4, "values"),
        s("D2", 4, ""),
        s("A3", 4, "a"),
        n("B3", 1, "1"),
        n("C3", 1, "255.675"),
        n("D3", 2, "1234567.891"),
        s("A4", 4, "hidden row"),
        n("B4", 1, "9"),
        n("C4", 1, "9"),
        n("D4", 1, "9"),
        s("A5", 4, "b"),
        n("B5", 1, "2"),
        n("C5", 3, "0.1071"),
        n("D5", 4, "2010301"),
        s("A6", 0, "note below"),
    );
    let cols = r#"<cols><col min="2" max="2" width="9" hidden="1"/></cols>"#;
    let bytes = xlsx(&[
        ("T1", "visible", &data, cols),
        (
            "hidden",
            "hidden",
            &format!(
                "<sheetData><row r=\"1\">{}</row></sheetData>",
                s("A1", 4, "never read")
            ),
            "",
        ),
    ]);
    let l = read_xlsx(&bytes).unwrap();
    assert_eq!(l.blocks.len(), 3, "{:?}", l.blocks);
    let Block::Paragraph(p) = &l.blocks[0] else {
        panic!("{:?}", l.blocks[0])
    };
    assert_eq!(p.text, "Title of the table");
    let Block::Table(t) = &l.blocks[1] else {
        panic!()
    };
    assert_eq!((t.rows, t.cols), (3, 3));
    let cells: Vec<_> = t
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
        .collect();
    assert_eq!(
        cells,
        [
            (0, 0, 1, 1, "name"),
            (0, 1, 1, 2, "values"),
            (1, 0, 1, 1, "a"),
            (1, 1, 1, 1, "255.68"),
            (1, 2, 1, 1, "1,234,567.89"),
            (2, 0, 1, 1, "b"),
            (2, 1, 1, 1, "10.71%"),
            (2, 2, 1, 1, "2010301"),
        ]
    );
    let Block::Paragraph(p) = &l.blocks[2] else {
        panic!()
    };
    assert_eq!(p.text, "note below");
}

#[test]
fn bad_workbooks_fail_with_a_reason() {
    let err = |bytes: &[u8], name: &str| {
        gongkai::extract(bytes, name)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    // Random bytes.
    assert!(err(b"not a workbook at all", "x.xlsx").contains("neither an Excel 2007+"));
    // Truncated: the first half of a real workbook.
    let real = std::fs::read(root().join("corpus/sheets/synthetic/fa_000.xlsx")).unwrap();
    let e = err(&real[..real.len() / 2], "x.xlsx");
    assert!(e.contains("damaged or truncated"), "{e}");
    let real_xls = std::fs::read(root().join("corpus/sheets/synthetic/fa_000.xls")).unwrap();
    let e = err(&real_xls[..real_xls.len() / 2], "x.xls");
    assert!(e.contains("damaged or truncated"), "{e}");
    // A zip bomb: one sheet part of 80 MiB of blanks (deflated to a few hundred KiB) stops at
    // gongkai's 64 MiB part cap before calamine inflates it.
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/worksheets/sheet1.xml", deflated).unwrap();
    let blanks = vec![b' '; 1 << 20];
    for _ in 0..80 {
        z.write_all(&blanks).unwrap();
    }
    let bomb = z.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let e = err(&bomb, "bomb.xlsx");
    assert!(e.contains("too large when decompressed"), "{e}");
    // Empty workbook: one sheet without a cell.
    let empty = xlsx(&[("S", "visible", "<sheetData/>", "")]);
    let e = err(&empty, "x.xlsx");
    assert!(e.contains("no visible cell"), "{e}");
    // Encrypted OOXML: an OLE file with EncryptionInfo + EncryptedPackage.
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0])
        .unwrap();
    cfb.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0; 64])
        .unwrap();
    let enc = cfb.into_inner().into_inner();
    for name in ["x.xlsx", "x.xls", "x.et"] {
        let e = err(&enc, name);
        assert!(e.contains("password-protected"), "{name}: {e}");
    }
    // An OLE file that is no workbook (a Word document named .et).
    let doc =
        std::fs::read(root().join("corpus/doc/seed/changji-finance-office-2022.doc")).unwrap();
    let e = err(&doc, "x.et");
    assert!(e.contains("Word document named as a spreadsheet"), "{e}");
}

#[test]
fn a_wps_et_in_the_compatible_format_reads_as_xls() {
    // WPS Spreadsheets saves .et as a BIFF8 workbook when compatible: the
    // same bytes as the .xls give the same document.
    let bytes = std::fs::read(root().join("corpus/sheets/synthetic/fa_000.xls")).unwrap();
    let xls = gongkai::extract(&bytes, "a.xls").unwrap();
    let et = gongkai::extract(&bytes, "a.et").unwrap();
    assert_eq!(et.source.format, "et");
    let report = compare_pair("a", &xls, Some(&et));
    assert!(report.differences.is_empty(), "{:?}", report.differences);
}
