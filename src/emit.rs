//! `emit`: Document → pretty JSON bytes (2 spaces, contract key order, trailing newline).

use crate::model::{Document, Summary};

pub fn document_json(doc: &Document) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(doc).expect("document serializes");
    v.push(b'\n');
    v
}

pub fn summary_json(s: &Summary) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(s).expect("summary serializes");
    v.push(b'\n');
    v
}
