//! Debug tool: print a document's layout blocks (paragraphs as text, tables
//! as their first rows), to read a file's wording while writing key rules.
//!
//!     cargo run --release --example layoutdump -- file.pdf [more ...]

use gongkai::layout::Block;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let format = match gongkai::read::Format::from_path(&path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let layout = match gongkai::read::read(format, &bytes, &gongkai::recognize::hints::BUDGET) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        println!("##### {path}");
        for b in &layout.blocks {
            match b {
                Block::Paragraph(p) => {
                    println!("P{} {}", p.page.unwrap_or(0), p.text.replace('\n', "⏎"))
                }
                Block::Table(t) => {
                    println!("T {}x{} pages {:?}", t.rows, t.cols, t.pages);
                    for r in 0..t.rows.min(3) {
                        let row: Vec<&str> = t
                            .cells
                            .iter()
                            .filter(|c| c.row == r)
                            .map(|c| c.text.as_str())
                            .collect();
                        println!("  | {}", row.join(" | ").replace('\n', "⏎"));
                    }
                }
            }
        }
    }
}
