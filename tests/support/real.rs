//! Where the real published PDFs are: one lookup for every test.
//!
//! They live outside the repository (never copied into it): `../shared/real`
//! (Shanghai) and `../shared/real-other` (Jiangsu, Chongqing) relative to the
//! crate root, or the folders named by `GONGKAI_REAL_DIR` /
//! `GONGKAI_REAL_OTHER_DIR`. Tests skip with a message when a folder is absent.

use std::path::PathBuf;

fn from_env_or(var: &str, rel: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel),
    }
}

/// `$GONGKAI_REAL_DIR`, else `../shared/real` (whether or not it exists).
pub fn real_dir() -> PathBuf {
    from_env_or("GONGKAI_REAL_DIR", "../shared/real")
}

/// `$GONGKAI_REAL_OTHER_DIR`, else `../shared/real-other` (whether or not it exists).
pub fn real_other_dir() -> PathBuf {
    from_env_or("GONGKAI_REAL_OTHER_DIR", "../shared/real-other")
}

/// [`real_dir`] when it is a folder.
pub fn real_dir_present() -> Option<PathBuf> {
    Some(real_dir()).filter(|p| p.is_dir())
}
