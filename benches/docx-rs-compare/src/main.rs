//! Time gongkai's DOCX reader against docx-rs 0.4 `read_docx` on the same
//! files, and probe what docx-rs exposes (gridSpan/vMerge, AlternateContent).
//!
//! With no arguments it generates a realistic ~40 KB budget-style document
//! (10 tables with merged headers) with docx-rs's writer; file arguments are
//! measured too.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use docx_rs::*;

fn budget_docx() -> Vec<u8> {
    let mut docx = Docx::new();
    let p = |s: &str| Paragraph::new().add_run(Run::new().add_text(s));
    let c = |s: &str| TableCell::new().add_paragraph(p(s));
    let items = [
        "201 一般公共服务支出",
        "20106 财政事务",
        "2010601 行政运行",
        "208 社会保障和就业支出",
        "20805 行政事业单位养老支出",
        "2080505 机关事业单位基本养老保险缴费支出",
        "210 卫生健康支出",
        "21011 行政事业单位医疗",
        "2101101 行政单位医疗",
        "221 住房保障支出",
        "22102 住房改革支出",
        "2210201 住房公积金",
        "301 工资福利支出",
        "30101 基本工资",
        "30102 津贴补贴",
        "30103 奖金",
    ];
    for t in 1..=10 {
        docx = docx
            .add_paragraph(p(&format!("表{t}")))
            .add_paragraph(p(&format!("2022年部门预算公开表之{t}：财政拨款支出预算表")))
            .add_paragraph(p("编制部门：昌吉回族自治州金融工作办公室    单位：万元"));
        let mut rows = vec![
            TableRow::new(vec![
                c("功能分类科目编码").vertical_merge(VMergeType::Restart),
                c("功能分类科目名称").vertical_merge(VMergeType::Restart),
                c("合计").vertical_merge(VMergeType::Restart),
                c("基本支出").grid_span(2),
                c("项目支出").vertical_merge(VMergeType::Restart),
            ]),
            TableRow::new(vec![
                c("").vertical_merge(VMergeType::Continue),
                c("").vertical_merge(VMergeType::Continue),
                c("").vertical_merge(VMergeType::Continue),
                c("人员经费"),
                c("公用经费"),
                c("").vertical_merge(VMergeType::Continue),
            ]),
        ];
        for (i, it) in items.iter().enumerate() {
            let (code, name) = it.split_once(' ').unwrap_or((it, ""));
            let a = 100 + i * 37 + t;
            rows.push(TableRow::new(vec![
                c(code),
                c(name),
                c(&format!("{a}.{:02}", (i * 13) % 100)),
                c(&format!("{}.{:02}", a / 2, (i * 7) % 100)),
                c(&format!("{}.{:02}", a / 3, (i * 3) % 100)),
                c(""),
            ]));
        }
        docx = docx.add_table(Table::new(rows).set_grid(vec![1200, 2800, 1100, 1100, 1100, 1100]));
        docx = docx.add_paragraph(p(
            "说明：本表反映部门本年度一般公共预算财政拨款支出情况，按功能分类科目列示至项级。",
        ));
    }
    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).expect("pack");
    out.into_inner()
}

/// A tiny docx whose only text is a text box in mc:Choice with a VML copy in mc:Fallback.
fn alternate_content_docx() -> Vec<u8> {
    let tb =
        |s: &str| format!(r#"<w:txbxContent><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:txbxContent>"#);
    let xml = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>"#,
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            r#"<w:p><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>CHOICE-RUN</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>CHOICE-RUN</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#,
            "</w:body></w:document>"
        ),
        tb("TEXTBOX-MARK"),
        tb("TEXTBOX-MARK")
    );
    let doc_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;
    let styles = r#"<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:styles>"#;
    let ct = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (n, s) in [
        ("[Content_Types].xml", ct),
        ("_rels/.rels", rels),
        ("word/document.xml", xml.as_str()),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/styles.xml", styles),
    ] {
        w.start_file(n, o).expect("zip");
        w.write_all(s.as_bytes()).expect("zip");
    }
    w.finish().expect("zip").into_inner()
}

/// CPU time (user + system) of this process, from /proc/self/stat (Linux,
/// 100 Hz ticks); None elsewhere. The machine this ran on was shared, so CPU
/// time is the fairer figure; wall time is printed beside it.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// (wall, cpu) per call.
fn time<F: FnMut()>(mut f: F) -> (Duration, Option<Duration>) {
    // Warm up, then run for at least ~3 s and 20 iterations.
    for _ in 0..3 {
        f();
    }
    let mut n = 0u32;
    let start = Instant::now();
    let cpu0 = cpu_time();
    while n < 20 || start.elapsed() < Duration::from_millis(3000) {
        f();
        n += 1;
    }
    let wall = start.elapsed() / n;
    let cpu = cpu_time().zip(cpu0).map(|(b, a)| (b - a) / n);
    (wall, cpu)
}

fn measure(name: &str, bytes: &[u8]) {
    let ours = gongkai::read::docx::read(bytes).expect("gongkai reads it");
    let tables = ours
        .blocks
        .iter()
        .filter(|b| matches!(b, gongkai::layout::Block::Table(_)))
        .count();
    let theirs = read_docx(bytes).expect("docx-rs reads it");
    let their_tables = theirs
        .document
        .children
        .iter()
        .filter(|c| matches!(c, DocumentChild::Table(_)))
        .count();
    let a = time(|| {
        std::hint::black_box(gongkai::read::docx::read(std::hint::black_box(bytes)).ok());
    });
    let b = time(|| {
        std::hint::black_box(read_docx(std::hint::black_box(bytes)).ok());
    });
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let cpu = |d: Option<Duration>| d.map_or("n/a".to_string(), |d| format!("{:.3}", ms(d)));
    println!(
        "{name}: {} bytes, tables gongkai={tables} docx-rs={their_tables}\n  gongkai::read::docx::read  wall {:8.3} ms/file, cpu {} ms/file\n  docx_rs::read_docx         wall {:8.3} ms/file, cpu {} ms/file\n  ratio docx-rs / gongkai    wall {:8.1}x",
        bytes.len(),
        ms(a.0),
        cpu(a.1),
        ms(b.0),
        cpu(b.1),
        ms(b.0) / ms(a.0)
    );
}

fn main() {
    // Profiling aid: `GONGKAI_ONLY=N docx-rs-compare file.docx` runs only
    // gongkai's reader N times on the file.
    if let Some(n) = std::env::var("GONGKAI_ONLY")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    {
        let path = std::env::args().nth(1).expect("a file");
        let bytes = std::fs::read(&path).expect("readable");
        let start = Instant::now();
        for _ in 0..n {
            std::hint::black_box(gongkai::read::docx::read(&bytes).ok());
        }
        println!(
            "{:.3} ms/file",
            start.elapsed().as_secs_f64() * 1000.0 / n as f64
        );
        return;
    }
    let generated = budget_docx();
    measure("generated (docx-rs writer, 10 tables)", &generated);
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable");
        measure(&path, &bytes);
    }

    // What docx-rs exposes about merges: TableCellProperty's grid_span /
    // vertical_merge fields are private; only the serde JSON shows them.
    let d = read_docx(&generated).expect("reads");
    let json = serde_json::to_string(&d.document).expect("json");
    println!(
        "docx-rs JSON mentions gridSpan: {}, vMerge: {}",
        json.contains("\"gridSpan\""),
        json.contains("\"verticalMerge\"")
    );

    // AlternateContent duplication.
    let ac = alternate_content_docx();
    let ours = gongkai::read::docx::read(&ac).expect("gongkai reads it");
    let our_text: String = ours
        .blocks
        .iter()
        .filter_map(|b| match b {
            gongkai::layout::Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("|");
    let d = read_docx(&ac).expect("docx-rs reads it");
    let json = serde_json::to_string(&d.document).expect("json");
    println!(
        "AlternateContent: gongkai text {:?}; docx-rs JSON has TEXTBOX-MARK x{}, CHOICE-RUN x{}",
        our_text,
        json.matches("TEXTBOX-MARK").count(),
        json.matches("CHOICE-RUN").count()
    );
}
