//! The output version recorded in the incremental-run journal
//! (`batch::journal::RECOGNITION_VERSION`) must change whenever what gongkai
//! writes changes, or an incremental run would keep stale outputs. The golden
//! files are the reviewed record of the output: this test ties the version to
//! a fingerprint of them, so a golden change fails here until the version is
//! bumped and the fingerprint updated in the same commit.

mod support;

use gongkai::batch::journal::{GOLDEN_FINGERPRINT, RECOGNITION_VERSION, sha256_hex};
use std::path::Path;
use support::files_under;

#[test]
fn golden_changes_bump_the_output_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    // golden/ and the producer matrix's golden-producers/ (kept beside corpus-producers/,
    // outside the corpus compare).
    for tree in ["golden", "golden-producers"] {
        let golden = root.join(tree);
        for rel in files_under(&golden) {
            if !rel.ends_with(".json")
                || gongkai::compare::is_summary_name(rel.rsplit('/').next().unwrap())
            {
                continue;
            }
            let bytes = std::fs::read(golden.join(&rel)).unwrap();
            let rel = format!("{tree}/{rel}");
            all.extend_from_slice(rel.as_bytes());
            all.push(0);
            all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            all.extend_from_slice(&bytes);
        }
    }
    let fingerprint = sha256_hex(&all);
    assert_eq!(
        fingerprint, GOLDEN_FINGERPRINT,
        "the golden files changed, so the output changed: bump RECOGNITION_VERSION \
         (now {RECOGNITION_VERSION}) in src/batch/journal.rs and set GOLDEN_FINGERPRINT to \
         \"{fingerprint}\" (incremental runs then redo every document)"
    );
}
