//! A small seeded PRNG (SplitMix64): deterministic across platforms and runs.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo + 1) as u64;
        lo + (self.next_u64() % span) as i64
    }
    pub fn chance(&mut self, percent: u32) -> bool {
        (self.next_u64() % 100) < percent as u64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
    pub fn index(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Split `total` (integer units) into `n` positive-ish parts summing exactly to it.
    pub fn split(&mut self, total: i64, n: usize) -> Vec<i64> {
        if n == 0 {
            return vec![];
        }
        let weights: Vec<i64> = (0..n).map(|_| self.range(1, 100)).collect();
        let wsum: i64 = weights.iter().sum();
        let mut parts: Vec<i64> = weights.iter().map(|w| total * w / wsum).collect();
        let diff = total - parts.iter().sum::<i64>();
        parts[0] += diff;
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn split_sums_exactly_and_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for t in [0i64, 1, 99, 123_456_789] {
            let p = a.split(t, 5);
            assert_eq!(p.iter().sum::<i64>(), t);
            assert_eq!(p, b.split(t, 5));
        }
    }
}
