use super::*;
use crate::model::{Check, Column, Figure, Grid, GridCell, Record, TableOut, Values, Warning};

fn cell(row: usize, col: usize, rowspan: usize, colspan: usize, text: &str) -> GridCell {
    GridCell {
        row,
        col,
        rowspan,
        colspan,
        text: text.into(),
    }
}

/// A small hostile document: markup in every text field, a merged header, a blank slot,
/// one finding on a cell and on a figure.
fn hostile() -> Document {
    let mut d = Document::default();
    d.document.title = Some("\"><img src=x onerror=alert(1)>".into());
    d.document.department = Some("A & B <部门>".into());
    d.document.kind = "budget".into();
    d.document.scope = "department".into();
    d.source.path = "x/evil.docx".into();
    d.tables.push(TableOut {
        id: "t1".into(),
        title: Some("<b>表</b>".into()),
        kind: "revenue".into(),
        unit: Some("万元".into()),
        grid: Grid {
            rows: 4,
            cols: 3,
            header_rows: 2,
            cells: vec![
                cell(0, 0, 2, 1, "项目"),
                cell(0, 1, 1, 2, "预算数"),
                cell(1, 1, 1, 1, "合计"),
                cell(1, 2, 1, 1, "基本<支出>"),
                cell(2, 0, 1, 1, "<script>alert('cell')</script>"),
                cell(2, 1, 1, 1, "10.00"),
                cell(2, 2, 1, 1, "7"),
                cell(3, 0, 1, 1, "合计"),
                cell(3, 1, 1, 1, "10.00"),
            ],
        },
        columns: vec![
            Column {
                key: "total".into(),
                header: vec!["预算数".into(), "合计".into()],
                side: None,
                col: 1,
            },
            Column {
                key: "basic".into(),
                header: vec!["预算数".into(), "基本<支出>".into()],
                side: None,
                col: 2,
            },
        ],
        records: vec![
            Record {
                name: Some("<script>alert('cell')</script>".into()),
                values: Values(vec![
                    ("total".into(), Some("10.00".into())),
                    ("basic".into(), Some("7".into())),
                ]),
                row: 2,
                ..Record::default()
            },
            Record {
                name: Some("合计".into()),
                values: Values(vec![("total".into(), Some("10.00".into()))]),
                total: true,
                row: 3,
                ..Record::default()
            },
        ],
        ..TableOut::default()
    });
    d.narrative.figures.push(Figure {
        key: Some("revenue_total".into()),
        label: Some("收入<i>".into()),
        value: "12".into(),
        unit: "万元".into(),
        change: None,
        share_percent: None,
        sentence: "收入<script>x()</script>为12万元".into(),
        section: None,
    });
    d.checks.push(Check {
        rule: "narrative.figure_vs_table".into(),
        severity: "error".into(),
        message: "text <script>says</script> 12, table 10.00".into(),
        expected: Some("10.00".into()),
        actual: Some("12".into()),
        at: vec![
            serde_json::json!({"figure": 0}),
            serde_json::json!({"table": "t1", "record": 0, "column": "basic"}),
        ],
    });
    d.warnings.push(Warning {
        code: "w<1>".into(),
        message: "<script>w()</script>".into(),
        at: None,
    });
    d
}

#[test]
fn document_text_is_escaped_everywhere() {
    let html = render_document("x/evil.docx", &hostile());
    // The page's own single static script is the only script element.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#x27;cell&#x27;)&lt;&#x2f;script&gt;"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("A &amp; B &lt;部门&gt;"));
    assert!(!html.contains("<b>表</b>"));
    assert!(!html.contains("<i>"));
}

#[test]
fn grid_keeps_spans_and_marks_blank_slots() {
    let html = render_document("x/evil.docx", &hostile());
    assert!(html.contains(r#"<th id="t1-r0-c0" data-row="0" data-col="0" rowspan="2">项目</th>"#));
    assert!(
        html.contains(r#"<th id="t1-r0-c1" data-row="0" data-col="1" colspan="2">预算数</th>"#)
    );
    // The slot under the rowspan is covered: no element for it.
    assert!(!html.contains(r#"id="t1-r1-c0""#));
    // Row 3 col 2 has no cell in the grid: a marked blank.
    assert!(html.contains(r#"<td id="t1-r3-c2" data-row="3" data-col="2" class="blank""#));
    // Value cells name their column key on hover.
    assert!(html.contains(r#"title="basic ← 预算数 &#x2f; 基本&lt;支出&gt;"#));
}

/// A rounding-level finding (`notice`) is marked with its own, milder style.
#[test]
fn notices_have_their_own_style() {
    let mut d = hostile();
    for c in &mut d.checks {
        c.severity = "notice".into();
    }
    let html = render_document("x/evil.docx", &d);
    assert!(
        html.contains("class=\"num sev-notice\""),
        "the cell is marked as a notice"
    );
    assert!(html.contains("rec hl-notice"));
    for rule in [
        "td.sev-notice",
        "tr.hl-notice",
        ".sev.notice",
        ".fnote.notice",
    ] {
        assert!(html.contains(rule), "the stylesheet styles {rule}");
    }
}

#[test]
fn findings_highlight_their_cell_and_figure() {
    let html = render_document("x/evil.docx", &hostile());
    let cell = html
        .split("<td id=\"t1-r2-c2\"")
        .nth(1)
        .and_then(|s| s.split("</td>").next())
        .expect("the cell of the finding");
    assert!(cell.contains("class=\"num sev-error\""), "{cell}");
    assert!(cell.contains("text &lt;script&gt;says"), "{cell}");
    assert!(cell.contains(r##"<a class="badge" href="#f0""##), "{cell}");
    assert!(html.contains(r#"<tr id="t1-r2" data-row="2" data-records="0""#));
    assert!(html.contains("rec hl-error"));
    assert!(html.contains(r#"<tr id="fig-0" data-hl="yes" class="hl-error">"#));
    // The finding itself links to both places.
    assert!(html.contains(r##"<a href="#fig-0">"##));
    assert!(html.contains(r##"<a href="#t1-r2-c2">"##));
    // The figure's value is marked in its sentence (the sentence stays escaped text).
    assert!(html.contains("收入&lt;script&gt;x()&lt;&#x2f;script&gt;为<mark>12</mark>万元"));
}

#[test]
fn rendering_is_deterministic() {
    let a = render_document("x/evil.docx", &hostile());
    let b = render_document("x/evil.docx", &hostile());
    assert_eq!(a, b);
    assert!(!a.is_empty());
}

#[test]
fn hostile_grid_sizes_do_not_blow_up() {
    let mut d = hostile();
    d.tables[0].grid.rows = usize::MAX / 2;
    d.tables[0]
        .grid
        .cells
        .push(cell(1, 1, usize::MAX, usize::MAX, "x"));
    let html = render_document("x/evil.docx", &d);
    assert!(html.contains("too large to lay out"));
    let mut d = hostile();
    // A span reaching past the grid is clipped to it.
    d.tables[0].grid.cells[6].rowspan = 99;
    let html = render_document("x/evil.docx", &d);
    assert!(html.contains(r#"data-col="2" rowspan="2""#));
}

#[test]
fn url_paths_are_percent_encoded() {
    assert_eq!(url_path("docs/a b#?.pdf.html"), "docs/a%20b%23%3F.pdf.html");
    assert_eq!(url_path("docs/表.pdf"), "docs/%E8%A1%A8.pdf");
}

#[test]
fn failed_and_unreadable_files_are_listed_with_their_reasons() {
    let dir = std::env::temp_dir().join(format!("gongkai-report-unit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in/x")).unwrap();
    let doc = hostile();
    std::fs::write(
        dir.join("in/x/evil.docx.json"),
        serde_json::to_vec(&doc).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("in/x/broken.pdf.json"), b"{not json").unwrap();
    std::fs::write(
        dir.join("in/summary.json"),
        br#"{"schema":"gongkai.summary/1","documents":3,"ok":2,"failed":1,"files":[
        {"path":"x/broken.pdf","status":"ok","error":null,"ms":1},
        {"path":"x/evil.docx","status":"ok","error":null,"ms":1},
        {"path":"x/scan.pdf","status":"failed","error":"no text layer <b>(a scanned image?)</b>","ms":1}]}"#,
    )
    .unwrap();
    let s = render_dir(&dir.join("in"), &dir.join("site"), None).unwrap();
    assert_eq!(s.pages, 1);
    assert_eq!(s.failed, 2);
    let index = std::fs::read_to_string(dir.join("site/index.html")).unwrap();
    // minijinja's HTML escaping writes `/` as `&#x2f;` (browsers read it back as `/`).
    assert!(index.contains("x&#x2f;scan.pdf"));
    assert!(index.contains("no text layer &lt;b&gt;(a scanned image?)&lt;&#x2f;b&gt;"));
    assert!(index.contains("unreadable"));
    assert!(index.contains("not a gongkai document"));
    assert!(index.contains(r#"<a href="docs&#x2f;x&#x2f;evil.docx.html">"#));
    let findings = std::fs::read_to_string(dir.join("site/findings.html")).unwrap();
    assert!(findings.contains(r#"href="docs&#x2f;x&#x2f;evil.docx.html#t1-r2-c2""#));
    assert!(dir.join("site/docs/x/evil.docx.html").is_file());
    // A second run over the same input writes the same bytes.
    let again = dir.join("site2");
    render_dir(&dir.join("in"), &again, None).unwrap();
    for f in ["index.html", "findings.html", "docs/x/evil.docx.html"] {
        assert_eq!(
            std::fs::read(dir.join("site").join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_header_cell_spanning_into_the_data_rows_keeps_its_span() {
    let mut d = hostile();
    // 项目 spans rows 0–2 while the grid says two header rows.
    d.tables[0].grid.cells[0].rowspan = 3;
    d.tables[0]
        .grid
        .cells
        .retain(|c| !(c.row == 2 && c.col == 0));
    let html = render_document("x/evil.docx", &d);
    let thead = html
        .split("<thead>")
        .nth(1)
        .unwrap()
        .split("</thead>")
        .next()
        .unwrap();
    assert!(
        thead.contains(r#"data-col="0" rowspan="3">项目</th>"#),
        "{thead}"
    );
    assert!(thead.contains(r#"<tr data-row="2">"#), "{thead}");
}
