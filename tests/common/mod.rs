//! Test helper (development only): pages from JSON dumps written by
//! `scripts/dev/dump_pdfplumber.py`, to exercise the layout stage without the
//! content-stream interpreter.

use gongkai::read::pdf::{Glyph, Page, Rect};

pub fn load(path: &std::path::Path) -> Option<Vec<Page>> {
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
