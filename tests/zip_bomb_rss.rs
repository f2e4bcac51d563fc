//! A zip bomb .docx (a few hundred KB inflating to 300 MiB) fails with "too
//! large when decompressed" and the process stays small. Its own test binary:
//! the peak RSS is read with getrusage(RUSAGE_CHILDREN), which must see this
//! one child only.

mod support;

use std::io::Write;
use support::{TempDir, code, gongkai};

/// A .docx whose word/document.xml inflates to `mib` MiB (written in chunks).
fn bomb(mib: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().large_file(true);
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<Types/>").unwrap();
    w.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mib {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[cfg(target_os = "linux")]
#[test]
fn a_zip_bomb_fails_as_too_large_with_a_low_peak_rss() {
    let t = TempDir::new("bomb-rss");
    let b = bomb(300);
    assert!(b.len() < 2 << 20, "{} bytes compressed", b.len());
    t.write("in/bomb.docx", &b);
    let o = gongkai(t.path(), &["extract", "in", "-o", "out", "--quiet"]);
    assert_eq!(code(&o), 3);
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("out/summary.json")).unwrap()).unwrap();
    let e = s["files"][0]["error"].as_str().unwrap();
    assert!(
        e.starts_with("too large when decompressed: word/document.xml"),
        "{e}"
    );
    // SAFETY: getrusage writes into the struct we pass; no other invariant.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) },
        0
    );
    let peak_mb = ru.ru_maxrss as f64 / 1024.0; // KiB on Linux
    eprintln!("peak RSS of the extract process: {peak_mb:.1} MB");
    assert!(peak_mb < 100.0, "peak RSS {peak_mb:.1} MB for a zip bomb");
}
