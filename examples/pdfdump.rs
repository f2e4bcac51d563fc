//! Temporary debug tool: print each page's glyphs as lines (sorted by y,
//! then x) and a summary of its rulings.
//!
//!     cargo run --release --example pdfdump -- file.pdf [more.pdf ...] [-q]
//!
//! `-q` prints only per-file counts (for timing runs).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quiet = args.iter().any(|a| a == "-q");
    for path in args.iter().filter(|a| *a != "-q") {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let doc = match gongkai::read::pdf::pages(&bytes) {
            Ok(d) => d,
            Err(e) => {
                println!("{path}: ERROR {e}");
                continue;
            }
        };
        let glyphs: usize = doc.pages.iter().map(|p| p.glyphs.len()).sum();
        let rulings: usize = doc.pages.iter().map(|p| p.rulings.len()).sum();
        let fffd: usize = doc
            .pages
            .iter()
            .flat_map(|p| &p.glyphs)
            .filter(|g| g.ch == '\u{FFFD}')
            .count();
        println!(
            "== {path}: {} pages, {glyphs} glyphs, {rulings} rulings, {fffd} U+FFFD, producer {:?}",
            doc.pages.len(),
            doc.producer
        );
        for w in &doc.warnings {
            println!("   warning {}: {}", w.code, w.message);
        }
        if quiet {
            continue;
        }
        for page in &doc.pages {
            println!(
                "--- page {} ({:.0}x{:.0}), {} glyphs, {} rulings",
                page.number,
                page.width,
                page.height,
                page.glyphs.len(),
                page.rulings.len()
            );
            for w in &page.warnings {
                println!("   warning {}: {}", w.code, w.message);
            }
            let mut gs: Vec<_> = page.glyphs.iter().collect();
            gs.sort_by(|a, b| {
                let (ay, by) = (a.bbox.y1, b.bbox.y1);
                ay.total_cmp(&by).then(a.bbox.x0.total_cmp(&b.bbox.x0))
            });
            // Group into lines: baseline (y1) within 40% of the size.
            let mut lines: Vec<Vec<&gongkai::read::pdf::Glyph>> = Vec::new();
            for g in gs {
                match lines.last_mut() {
                    Some(l) if (l[0].bbox.y1 - g.bbox.y1).abs() < 0.4 * g.size.max(1.0) => {
                        l.push(g)
                    }
                    _ => lines.push(vec![g]),
                }
            }
            for mut l in lines {
                l.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
                let mut s = String::new();
                let mut prev_x1: Option<f32> = None;
                for g in &l {
                    if let Some(px) = prev_x1
                        && g.bbox.x0 - px > 0.6 * g.size
                    {
                        s.push_str("  ");
                    }
                    s.push(g.ch);
                    prev_x1 = Some(g.bbox.x1);
                }
                println!("{:7.1} {:6.1} | {s}", l[0].bbox.y1, l[0].bbox.x0);
            }
            let h = page
                .rulings
                .iter()
                .filter(|r| r.x1 - r.x0 >= r.y1 - r.y0)
                .count();
            println!(
                "   rulings: {h} horizontal, {} vertical",
                page.rulings.len() - h
            );
            if std::env::var_os("PDFDUMP_GLYPHS").is_some() {
                for g in &page.glyphs {
                    println!(
                        "   glyph {} {:.2} {:.2} {:.2} {:.2} {:.2}",
                        g.ch, g.bbox.x0, g.bbox.y0, g.bbox.x1, g.bbox.y1, g.size
                    );
                }
            }
            if std::env::var_os("PDFDUMP_RULINGS").is_some() {
                for r in &page.rulings {
                    println!(
                        "   ruling x {:.2}..{:.2} y {:.2}..{:.2}",
                        r.x0, r.x1, r.y0, r.y1
                    );
                }
            }
        }
    }
}
