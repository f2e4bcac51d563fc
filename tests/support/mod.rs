//! Helpers shared by the CLI integration tests: temp folders, running the
//! binary, and small documents generated at test time (nothing binary is
//! committed).
#![allow(dead_code)]

pub mod golden;
pub mod real;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh empty folder under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let p =
            std::env::temp_dir().join(format!("gongkai-test-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// Write a file (creating parent folders) and return its path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&p, bytes).expect("write file");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run `gongkai` with `args` in `cwd`.
pub fn gongkai(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run gongkai")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file under `dir` (hidden entries skipped), relative and sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                // Hidden: the batch's journal (OUT/.gongkai/) is state, not output.
                continue;
            }
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            if e.path().is_dir() {
                walk(&e.path(), &rel, out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out.sort();
    out
}

/// The extraction pipeline on this branch may not have a reader yet; such
/// failures say "not implemented yet".
pub fn unimplemented(error: &str) -> bool {
    error.contains("not implemented yet")
}

/// A zip archive holding `files` (name, content).
pub fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        w.write_all(content.as_bytes()).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A minimal valid .docx: a title, a sentence and a 2×2 table.
pub fn minimal_docx() -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let para = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl></w:body></w:document>"#,
        para("测试单位2022年部门预算公开"),
        para("2022年收入预算50.00万元。"),
        cell("项目"),
        cell("金额"),
        cell("合计"),
        cell("50.00"),
    );
    zip_of(&[
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/document.xml", &document),
    ])
}

/// A minimal valid one-page PDF with a line of text (xref offsets computed).
pub fn minimal_pdf() -> Vec<u8> {
    let stream = "BT /F1 12 Tf 72 720 Td (Budget 2022) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// Deterministic pseudo-random bytes.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

/// A minimal gongkai document JSON (one table, figures, a project) to edit in tests.
pub fn document_json(path: &str) -> serde_json::Value {
    serde_json::json!({
        "schema": "gongkai.document/1",
        "source": {"path": path, "format": "docx", "sha256": "00", "bytes": 1, "pages": null, "producer": null},
        "document": {"title": "测试单位2022年部门预算公开", "department": "测试单位", "year": 2022,
                     "kind": "budget", "scope": "department"},
        "profile": {"staff_authorized": 12},
        "tables": [{
            "id": "t1", "number": "表3", "title": "一般公共预算支出情况表", "kind": "general_budget_expenditure",
            "unit": "万元", "department": "测试单位", "pages": [], "empty": false, "note": null,
            "grid": {"rows": 3, "cols": 4, "header_rows": 1, "cells": [
                {"row": 0, "col": 0, "rowspan": 1, "colspan": 1, "text": "科目编码"},
                {"row": 0, "col": 1, "rowspan": 1, "colspan": 1, "text": "科目名称"},
                {"row": 0, "col": 2, "rowspan": 1, "colspan": 1, "text": "合计"},
                {"row": 0, "col": 3, "rowspan": 1, "colspan": 1, "text": "基本支出"},
                {"row": 1, "col": 0, "rowspan": 1, "colspan": 2, "text": "合计"},
                {"row": 1, "col": 2, "rowspan": 1, "colspan": 1, "text": "205.68"},
                {"row": 1, "col": 3, "rowspan": 1, "colspan": 1, "text": "152.74"},
                {"row": 2, "col": 0, "rowspan": 1, "colspan": 1, "text": "2010302"},
                {"row": 2, "col": 1, "rowspan": 1, "colspan": 1, "text": "一般行政管理事务"},
                {"row": 2, "col": 2, "rowspan": 1, "colspan": 1, "text": "50.00"},
                {"row": 2, "col": 3, "rowspan": 1, "colspan": 1, "text": ""}
            ]},
            "columns": [{"key": "total", "header": ["合计"], "side": null, "col": 2},
                        {"key": "basic", "header": ["基本支出"], "side": null, "col": 3}],
            "records": [
                {"side": null, "code": null, "level": null, "name": "合计",
                 "values": {"total": "205.68", "basic": "152.74"}, "total": true, "row": 1},
                {"side": null, "code": "2010302", "level": 3, "name": "一般行政管理事务",
                 "values": {"total": "50.00", "basic": null}, "total": false, "row": 2}
            ]
        }],
        "narrative": {
            "figures": [{"key": "revenue_total", "label": "收入预算", "value": "255.68", "unit": "万元",
                         "change": {"direction": "decrease", "amount": "39.63", "percent": "13.42"},
                         "share_percent": null, "sentence": "收入预算255.68万元。", "section": null}],
            "projects": [{"name": "服务实体经济专项业务经费", "amount": "15", "unit": "万元", "basis": null,
                          "executor": null, "period": null,
                          "allocations": [{"item": "企业培训费", "amount": "2", "unit": "万元"}]}]
        },
        "checks": [],
        "warnings": []
    })
}
