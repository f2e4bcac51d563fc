//! `--shard I/N`: a stable subset of the inputs, by a hash of the relative
//! path, so N machines or N cron slots split one corpus without talking to
//! each other. Shard membership depends only on the relative path (not on the
//! order, the count or the content of the files), so the N shards are
//! disjoint and their union is the whole run, today and tomorrow.

use super::UsageError;
use sha2::{Digest, Sha256};

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Parse `I/N` with 1 ≤ I ≤ N.
    pub fn parse(s: &str) -> Result<Shard, UsageError> {
        let bad = || {
            UsageError(format!(
                "--shard {s}: expected I/N with 1 <= I <= N (e.g. --shard 2/4)"
            ))
        };
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Does the document with this relative path belong to this shard?
    pub fn contains(&self, rel: &str) -> bool {
        let d = Sha256::digest(rel.as_bytes());
        let mut head = [0u8; 8];
        head.copy_from_slice(&d[..8]);
        u64::from_be_bytes(head) % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// `shard-2-of-4`: names this shard's journal and summary files.
    pub fn tag(&self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_any_set_of_paths() {
        let rels: Vec<String> = (0..500).map(|i| format!("d{}/f{i}.pdf", i % 7)).collect();
        let shards: Vec<Shard> = (1..=4)
            .map(|i| Shard::parse(&format!("{i}/4")).unwrap())
            .collect();
        for r in &rels {
            assert_eq!(shards.iter().filter(|s| s.contains(r)).count(), 1, "{r}");
        }
        for s in &shards {
            let n = rels.iter().filter(|r| s.contains(r)).count();
            assert!((80..170).contains(&n), "shard {s:?} has {n} of 500");
        }
        assert!(Shard::parse("1/1").unwrap().contains("x"));
        for bad in ["0/3", "4/3", "1/0", "x", "1/", "/2", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
