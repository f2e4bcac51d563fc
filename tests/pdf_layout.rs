//! PDF reader on the real disclosures in /work/shared/real (or ../shared/real
//! relative to the crate): tables rebuilt with spans, continuations merged,
//! hand-checked cells (read off the rendered pages). Skips with a message when
//! the folder is absent.

use std::path::PathBuf;

use gongkai::layout::{Block, Layout, Table};

mod common;

mod support;

fn real_dir() -> Option<PathBuf> {
    support::real::real_dir_present()
}

fn read(name: &str) -> Option<Layout> {
    // Development: GONGKAI_PDFDUMP=dir runs the layout stage on pdfplumber
    // dumps (scripts/dev/dump_pdfplumber.py) instead of the PDF itself.
    if let Ok(dir) = std::env::var("GONGKAI_PDFDUMP") {
        let pages = common::load(&PathBuf::from(dir).join(format!("{name}.json")))?;
        return Some(gongkai::read::pdf::layout::build(
            &pages,
            &gongkai::recognize::hints::BUDGET,
        ));
    }
    let Some(dir) = real_dir() else {
        eprintln!("skipping: no shared/real folder");
        return None;
    };
    let path = dir.join(name);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping: {} absent", path.display());
        return None;
    };
    match gongkai::read::pdf::read(&bytes, &gongkai::recognize::hints::BUDGET) {
        Ok(l) => Some(l),
        Err(e) => panic!("{name}: {e}"),
    }
}

fn tables(l: &Layout) -> Vec<&Table> {
    l.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Text of the cell right of the first cell whose text (white space
/// removed) is `label`.
fn right_of(t: &Table, label: &str) -> Option<String> {
    let c = t.cells.iter().find(|c| squash(&c.text) == label)?;
    t.cell_at(c.row, c.col + c.colspan).map(|c| c.text.clone())
}

/// Like [`right_of`] for the last cell with that label (a total row, when
/// the header also says 合计).
fn right_of_last(t: &Table, label: &str) -> Option<String> {
    let c = t.cells.iter().rev().find(|c| squash(&c.text) == label)?;
    t.cell_at(c.row, c.col + c.colspan).map(|c| c.text.clone())
}

fn paragraph_before<'a>(l: &'a Layout, t: &Table) -> Option<&'a str> {
    let i = l
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Table(x) if std::ptr::eq(x, t)))?;
    l.blocks[..i].iter().rev().find_map(|b| match b {
        Block::Paragraph(p) => Some(p.text.as_str()),
        Block::Table(_) => None,
    })
}

const BUDGETS: &[&str] = &[
    "上海市普陀区人民政府万里街道办事处24年预算.pdf",
    "上海市普陀区人民政府办公室25年预算.pdf",
    "上海市普陀区人民政府办公室单位25年预算.pdf",
    "上海市普陀区商务委员会单位25年预算.pdf",
    "上海市普陀区财政局2024年度部门决算.pdf",
    "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf",
    "附件2：部门决算模板.pdf",
    "24年普陀区财政局（测试问题版本）.pdf",
    "上海市普陀区财政局部门25年预算.pdf",
];

#[test]
fn every_budget_pdf_has_tables() {
    for name in BUDGETS {
        let Some(l) = read(name) else { continue };
        let ts = tables(&l);
        assert!(ts.len() >= 6, "{name}: only {} tables", ts.len());
        assert!(
            l.pages.is_some_and(|p| p >= 20),
            "{name}: pages {:?}",
            l.pages
        );
        for t in &ts {
            assert!(!t.pages.is_empty(), "{name}: table without pages");
            // Every slot covered exactly once.
            let mut seen = vec![vec![0u8; t.cols]; t.rows];
            for c in &t.cells {
                for row in seen.iter_mut().skip(c.row).take(c.rowspan) {
                    for s in row.iter_mut().skip(c.col).take(c.colspan) {
                        *s += 1;
                    }
                }
            }
            assert!(
                seen.iter().flatten().all(|&n| n == 1),
                "{name}: table on pages {:?} has overlapping or missing cells",
                t.pages
            );
        }
    }
}

#[test]
fn finance_bureau_budget_2025() {
    let Some(l) = read("上海市普陀区财政局部门25年预算.pdf") else {
        return;
    };
    assert_eq!(l.pages, Some(24));
    let ts = tables(&l);
    assert_eq!(ts.len(), 9);
    // 表1 财务收支预算总表, page 9.
    let t1 = ts[0];
    assert_eq!(t1.pages, vec![9]);
    assert_eq!(right_of(t1, "收入总计").as_deref(), Some("31,214,205.80"));
    assert_eq!(right_of(t1, "支出总计").as_deref(), Some("31,214,205.80"));
    assert_eq!(
        right_of(t1, "一、财政拨款收入").as_deref(),
        Some("31,214,205.80")
    );
    assert_eq!(
        right_of(t1, "四、住房保障支出").as_deref(),
        Some("4,736,957.00")
    );
    let head = t1.cell_at(0, 0).expect("merged head");
    assert_eq!((squash(&head.text).as_str(), head.colspan), ("本年收入", 2));
    assert!(paragraph_before(&l, t1).is_some_and(|p| p.contains("编制部门")));
    // 表2 收入预算总表: pages 10-11, the repeated header dropped.
    let t2 = ts[1];
    assert_eq!(t2.pages, vec![10, 11]);
    assert_eq!(t2.cols, 9);
    assert_eq!(
        t2.cells.iter().filter(|c| squash(&c.text) == "类").count(),
        1
    );
    let total = t2
        .cells
        .iter()
        .find(|c| squash(&c.text) == "合计" && c.row > 3)
        .expect("合计");
    assert_eq!(total.colspan, 4);
    assert_eq!(right_of_last(t2, "合计").as_deref(), Some("31,214,205.80"));
    assert_eq!(
        t2.cell_at(1, 7).map(|c| c.text.as_str()),
        Some("事业单位\n经营收入")
    );
    assert_eq!(t2.cell_at(1, 3).map(|c| c.rowspan), Some(2));
    // A data row on the continuation page.
    assert_eq!(right_of(t2, "住房公积金").as_deref(), Some("2,049,197.00"));
    // 表9 三公: the single data row.
    let t9 = ts[8];
    assert_eq!(t9.pages, vec![21]);
    assert_eq!(t9.cell_at(3, 0).map(|c| c.text.as_str()), Some("0.95"));
    assert_eq!(t9.cell_at(3, 6).map(|c| c.text.as_str()), Some("229.43"));
    // Narrative text is present, headers/page numbers are not paragraphs.
    assert!(
        l.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph(p) if p.text.contains("政府采购预算117.00万元")))
    );
}

#[test]
fn finance_bureau_final_account_onlyoffice() {
    let Some(l) = read("上海市普陀区财政局2024年度部门决算.pdf") else {
        return;
    };
    let ts = tables(&l);
    // 收入支出决算总表 continues from page 6 to 7.
    let t = ts
        .iter()
        .find(|t| t.cells.iter().any(|c| squash(&c.text) == "本年收入合计"))
        .expect("收入支出决算总表");
    assert_eq!(t.pages, vec![6, 7]);
    assert_eq!(right_of(t, "本年收入合计").as_deref(), Some("2,946.25"));
    assert_eq!(right_of(t, "年初结转和结余").as_deref(), Some("49.14"));
    assert_eq!(right_of(t, "十九、住房保障支出").as_deref(), Some("445.69"));
    let totals: Vec<String> = t
        .cells
        .iter()
        .filter(|c| squash(&c.text) == "总计")
        .filter_map(|c| t.cell_at(c.row, c.col + 1).map(|x| x.text.clone()))
        .collect();
    assert_eq!(totals, ["2,995.39", "2,995.39"]);
}

#[test]
fn street_office_budget_long_table() {
    let Some(l) = read("上海市普陀区人民政府万里街道办事处24年预算.pdf") else {
        return;
    };
    let ts = tables(&l);
    let t = ts
        .iter()
        .find(|t| t.pages.first() == Some(&11))
        .expect("收入预算总表 from page 11");
    // Spans pages 11-15; the last page only holds the 合计 row whose label
    // merges the code and name columns.
    assert_eq!(t.pages, vec![11, 12, 13, 14, 15]);
    assert_eq!(right_of_last(t, "合计").as_deref(), Some("156,211,123"));
    assert_eq!(
        t.cells.iter().filter(|c| squash(&c.text) == "类").count(),
        1
    );
}

#[test]
fn social_work_final_account() {
    let Some(l) = read("中共上海市普陀区委社会工作部 2024 年度部门决算.pdf")
    else {
        return;
    };
    let ts = tables(&l);
    let t = ts
        .iter()
        .find(|t| t.cells.iter().any(|c| squash(&c.text) == "本年收入合计"))
        .expect("收入支出决算总表");
    assert_eq!(right_of(t, "本年收入合计").as_deref(), Some("307.82"));
    assert_eq!(
        right_of(t, "一、一般公共预算财政拨款收入").as_deref(),
        Some("307.82")
    );
    assert_eq!(right_of(t, "九、卫生健康支出").as_deref(), Some("2.71"));
    // Header and label cells wrapped by the narrow columns read as one run
    // (soft wraps carry no line break), as the .docx would give them.
    let all: Vec<&str> = ts
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| c.text.as_str()))
        .collect();
    for label in [
        "国有资本经营预算财政拨款",
        "机关事业单位基本养老保险缴费支出",
        "附属单位上缴收入",
    ] {
        assert!(all.contains(&label), "{label} not one run");
    }
}

#[test]
fn non_budget_pdfs_read_without_error() {
    for name in ["hzq2023_working.pdf", "hzq2024_working.pdf"] {
        let Some(l) = read(name) else { continue };
        assert_eq!(l.pages, Some(5), "{name}");
        assert!(
            l.blocks
                .iter()
                .any(|b| matches!(b, Block::Paragraph(p) if p.text.contains("政府信息公开"))),
            "{name}: text missing"
        );
        // The "-1-" page footers are not body text.
        assert!(
            !l.blocks.iter().any(|b| matches!(b, Block::Paragraph(p)
                if squash(&p.text).trim_matches('-').chars().all(|c| c.is_ascii_digit()))),
            "{name}: page number left in the text"
        );
    }
}

/// A PDF whose page draws no text (a scan, a blank page) is `NoText`.
#[test]
fn pdf_without_text_is_no_text() {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    // A ruled box but no glyph.
    let content = Stream::new(dictionary! {}, b"0 0 0 RG 1 w 50 50 m 200 50 l S".to_vec());
    let content_id = doc.add_object(content);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    assert_eq!(
        gongkai::read::pdf::read(&bytes, &gongkai::recognize::hints::BUDGET),
        Err(gongkai::Error::NoText)
    );
}
