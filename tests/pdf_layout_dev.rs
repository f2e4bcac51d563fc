//! Development aid (ignored by default): run the layout stage over page
//! dumps written by `scripts/dev/dump_pdfplumber.py` into /tmp/pdfdump and
//! print what it builds. `cargo test --test pdf_layout_dev -- --ignored --nocapture`
//! Optional env PDFDUMP_FILTER=substring selects files.

use gongkai::layout::Block;
mod common;

mod support;
use common::load;
use gongkai::read::pdf::layout;

#[test]
#[ignore]
fn dump_layouts() {
    let filter = std::env::var("PDFDUMP_FILTER").unwrap_or_default();
    let Ok(dir) = std::fs::read_dir("/tmp/pdfdump") else {
        eprintln!("no /tmp/pdfdump");
        return;
    };
    let mut files: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for path in files {
        if !path.to_string_lossy().contains(&filter) {
            continue;
        }
        let Some(pages) = load(&path) else { continue };
        let l = layout::build(&pages, &gongkai::recognize::hints::BUDGET);
        print_layout(&path.display().to_string(), &l);
    }
}

/// PDFDUMP_FILTER=file PDFDUMP_PAGE=n: print the lines of one page with boxes.
#[test]
#[ignore]
fn dump_lines() {
    let filter = std::env::var("PDFDUMP_FILTER").unwrap_or_default();
    let page: u32 = std::env::var("PDFDUMP_PAGE")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let Ok(dir) = std::fs::read_dir("/tmp/pdfdump") else {
        return;
    };
    for e in dir.filter_map(|e| e.ok()) {
        let path = e.path();
        if !path.to_string_lossy().contains(&filter) {
            continue;
        }
        let Some(pages) = load(&path) else { continue };
        let Some(p) = pages.iter().find(|p| p.number == page) else {
            continue;
        };
        let gs = gongkai::read::pdf::text::dedup_glyphs(&p.glyphs);
        for l in gongkai::read::pdf::text::lines(&gs) {
            println!(
                "{:7.2} {:7.2} {:7.2} {:7.2} s{:5.2} n{} {}",
                l.bbox.x0,
                l.bbox.y0,
                l.bbox.x1,
                l.bbox.y1,
                l.size,
                l.segments.len(),
                l.text
            );
        }
    }
}

fn print_layout(name: &str, l: &gongkai::layout::Layout) {
    let nt = l
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    println!("##### {} pages={:?} tables={nt}", name, l.pages);
    for w in &l.warnings {
        println!("W {} {} {:?}", w.code, w.message, w.at);
    }
    for b in &l.blocks {
        match b {
            Block::Paragraph(p) => println!("P{:?} {}", p.page, p.text),
            Block::Table(t) => {
                println!("T pages={:?} {}x{}", t.pages, t.rows, t.cols);
                for r in 0..t.rows {
                    let row: Vec<String> = (0..t.cols)
                        .map(|c| match t.cell_at(r, c) {
                            Some(cell) => {
                                let mut s = cell.text.replace('\n', "⏎");
                                if cell.rowspan > 1 || cell.colspan > 1 {
                                    s = format!("{s}<{}x{}>", cell.rowspan, cell.colspan);
                                }
                                s
                            }
                            None => "^".into(),
                        })
                        .collect();
                    println!("  | {}", row.join(" | "));
                }
            }
        }
    }
}

/// The same print-out from the real PDFs through `read::pdf::read`.
#[test]
#[ignore]
fn dump_real() {
    let filter = std::env::var("PDFDUMP_FILTER").unwrap_or_default();
    let Ok(dir) = std::fs::read_dir(support::real::real_dir()) else {
        return;
    };
    let mut files: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let name = path.to_string_lossy().to_string();
        if !name.ends_with(".pdf") || !name.contains(&filter) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        match gongkai::read::pdf::read(&bytes, &gongkai::recognize::hints::BUDGET) {
            Ok(l) => print_layout(&name, &l),
            Err(e) => println!("##### {name}: ERROR {e}"),
        }
    }
}
