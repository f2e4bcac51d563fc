//! Corpus tool: a document's layout as JSON (paragraph texts; tables as
//! their cells with spans), the input of `scripts/sheetgen.py`, which writes
//! the spreadsheet renditions of the corpus (`scripts/make-sheet-corpus`).
//!
//!     cargo run --release --example layoutjson -- file.docx > file.layout.json

use gongkai::layout::Block;
use serde_json::{Value, json};

fn main() {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let layout = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let format = gongkai::read::Format::from_path(&path).map_err(|e| e.to_string())?;
                gongkai::read::read(format, &bytes, &gongkai::recognize::hints::BUDGET)
                    .map_err(|e| e.to_string())
            });
        let layout = match layout {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        let blocks: Vec<Value> = layout
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => json!({"p": p.text}),
                Block::Table(t) => json!({"t": {
                    "rows": t.rows,
                    "cols": t.cols,
                    "cells": t.cells.iter()
                        .map(|c| json!([c.row, c.col, c.rowspan, c.colspan, c.text]))
                        .collect::<Vec<_>>(),
                }}),
            })
            .collect();
        println!("{}", json!({"path": path, "blocks": blocks}));
    }
    std::process::exit(i32::from(failed));
}
