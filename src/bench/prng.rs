//! A small seeded pseudo-random generator (splitmix64), so that the same seed gives the
//! same rows on every machine, plus the skewed choice that makes a few parents own many
//! children.

/// The splitmix64 generator: fast, tiny state, good enough for synthetic data.
#[derive(Clone, Debug)]
pub struct Prng {
    state: u64,
}

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng { state: seed }
    }

    /// A generator for one named stream (a table), independent of the others.
    pub fn for_stream(seed: u64, name: &str) -> Prng {
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for byte in name.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Prng::new(mix(seed ^ hash))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.state)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in `[0, n)`; 0 when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An integer in `[low, high]`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (i128::from(high) - i128::from(low) + 1).min(i128::from(u64::MAX)) as u64;
        (i128::from(low) + i128::from(self.below(span))) as i64
    }

    /// An integer in the inclusive range `(low, high)`.
    pub fn in_range(&mut self, (low, high): (i64, i64)) -> i64 {
        self.between(low, high)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index in `[0, n)` where low indexes are much more likely: with the exponent
    /// used here (2.5), a tenth of the indexes receive about 40% of the picks (Zipf-like).
    pub fn skewed(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // `u^2.5`, written as `u * u * sqrt(u)`: the same curve without a `powf` call.
        let u = self.unit();
        let index = (u * u * u.sqrt() * n as f64) as u64;
        index.min(n - 1)
    }
}

/// The splitmix64 finalizer: a bijection on `u64` that scrambles its bits.
pub fn mix(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Prng::for_stream(7, "orders");
        let mut b = Prng::for_stream(7, "orders");
        let mut c = Prng::for_stream(7, "customers");
        let left: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let right: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        let other: Vec<u64> = (0..5).map(|_| c.next_u64()).collect();
        assert_eq!(left, right);
        assert_ne!(left, other);
    }

    #[test]
    fn ranges_hold() {
        let mut prng = Prng::new(1);
        for _ in 0..10_000 {
            let v = prng.between(-3, 5);
            assert!((-3..=5).contains(&v));
            assert!(prng.below(7) < 7);
            assert!(prng.skewed(10) < 10);
            let u = prng.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn skew_favours_a_few() {
        let mut prng = Prng::new(3);
        let n = 1000;
        let head = (0..100_000).filter(|_| prng.skewed(n) < n / 10).count();
        // The first tenth gets far more than a tenth of the picks.
        assert!(head > 30_000, "{head}");
    }
}
