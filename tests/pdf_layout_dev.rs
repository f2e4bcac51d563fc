//! Development aid (ignored by default): run the layout stage over page
//! dumps written by `scripts/dev/dump_pdfplumber.py` into /tmp/pdfdump and
//! print what it builds. `cargo test --test pdf_layout_dev -- --ignored --nocapture`
//! Optional env PDFDUMP_FILTER=substring selects files.

use gongkai::layout::Block;
use gongkai::read::pdf::{Glyph, Page, Rect, layout};

fn load(path: &std::path::Path) -> Option<Vec<Page>> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let f = |x: &serde_json::Value| x.as_f64().unwrap_or(0.0) as f32;
    let mut pages = Vec::new();
    for p in v["pages"].as_array()? {
        let glyphs = p["chars"]
            .as_array()?
            .iter()
            .filter_map(|c| {
                let ch = c["text"].as_str()?.chars().next()?;
                Some(Glyph {
                    ch,
                    bbox: Rect {
                        x0: f(&c["x0"]),
                        y0: f(&c["top"]),
                        x1: f(&c["x1"]),
                        y1: f(&c["bottom"]),
                    },
                    size: f(&c["size"]),
                })
            })
            .collect();
        let rulings = p["rulings"]
            .as_array()?
            .iter()
            .map(|r| Rect {
                x0: f(&r[0]),
                y0: f(&r[1]),
                x1: f(&r[2]),
                y1: f(&r[3]),
            })
            .collect();
        pages.push(Page {
            number: p["number"].as_u64()? as u32,
            width: f(&p["width"]),
            height: f(&p["height"]),
            glyphs,
            rulings,
            warnings: Vec::new(),
        });
    }
    Some(pages)
}

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
        let l = layout::build(&pages);
        let nt = l
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        println!("##### {} pages={:?} tables={nt}", path.display(), l.pages);
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
}
