//! Eight lanes of `f64` as one value, for the batched critical-path kernel
//! ([`super::batch`]).
//!
//! [`Simd`] names the handful of operations the kernel needs (arithmetic, a square root, the
//! maximum, compares, selects, the xoshiro256++ step). [`Portable`] implements them over plain
//! arrays, in the form LLVM vectorises for whatever the build targets; the AVX2 and AVX-512
//! implementations (explicit intrinsics) live in [`super::dispatch`], private to it, so that
//! they are only ever used after the CPU was checked. Every implementation performs the same
//! IEEE operations in the same order (no fused multiply-add, no reassociation; the maximum is
//! `if b > a { b } else { a }`, compares are ordered: false on NaN), so every lane gives the bits
//! of the one-draw path on every instruction set.

// Lane loops are written over indices of fixed-size arrays, the form LLVM vectorises.
#![allow(clippy::needless_range_loop)]

use super::rng::{select, Fast, Tri, Xoshiro};

/// Draws per batch: two AVX-512 registers of `f64`, four AVX2 registers. Sixteen rather than
/// eight halves the per-node bookkeeping (step, bounds, branches) per draw; measured 15-20 %
/// faster on the benchmark DAG.
pub(crate) const LANES: usize = 16;

/// A mask of the lanes, lane `l` at bit `l`.
pub(crate) type Bits = u16;

/// The `f64` lanes in memory, aligned to a cache line so that a vector load never splits.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(64))]
pub(crate) struct V(pub(crate) [f64; LANES]);

impl Default for V {
    fn default() -> Self {
        V([0.0; LANES])
    }
}

impl V {
    /// The sum of the lanes in lane order (deterministic whatever the instruction set).
    pub(crate) fn fold(&self) -> f64 {
        self.0.iter().fold(0.0, |a, x| a + x)
    }
}

/// Four per-node sums (see [`Simd::add_sums4`]), aligned for one 256-bit access.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C, align(32))]
pub(crate) struct Sums4(pub(crate) [f64; 4]);

/// The sum of the lanes in the fixed order of [`Simd::add_sums4`]: each half of eight as
/// `((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))`, then the two halves.
#[inline(always)]
pub(crate) fn tree_sum(v: &[f64; LANES]) -> f64 {
    let eight = |v: &[f64]| ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
    eight(&v[..8]) + eight(&v[8..])
}

/// The `u64` lanes in memory, aligned to a cache line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C, align(64))]
pub(crate) struct W(pub(crate) [u64; LANES]);

/// `LANES` draws' generators side by side (structure of arrays): lane `l` is exactly the
/// [`Xoshiro`] stream of its draw.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lanes {
    /// The four state words, each for every lane.
    pub(crate) s: [W; 4],
}

impl Lanes {
    /// Restart on the streams of draws `first..first + LANES` under `seed`.
    pub(crate) fn reseed(&mut self, seed: u64, first: u64) {
        for l in 0..LANES {
            self.set(l, Xoshiro::for_draw(seed, first + l as u64));
        }
    }

    /// The generator of lane `l`.
    pub(crate) fn get(&self, l: usize) -> Xoshiro {
        Xoshiro {
            s: [
                self.s[0].0[l],
                self.s[1].0[l],
                self.s[2].0[l],
                self.s[3].0[l],
            ],
        }
    }

    /// Replace the generator of lane `l`.
    pub(crate) fn set(&mut self, l: usize, x: Xoshiro) {
        for (w, v) in self.s.iter_mut().zip(x.s) {
            w.0[l] = v;
        }
    }
}

/// The operations of the batched kernel on [`LANES`] lanes. Implementations are zero-sized
/// markers; values are [`Simd::F`] (the lanes' `f64`), [`Simd::U`] (their `u64`, the
/// generator state) and [`Simd::M`] (a mask of the lanes).
pub(crate) trait Simd: Copy {
    /// The lanes' `f64`.
    type F: Copy;
    /// The lanes' `u64`.
    type U: Copy;
    /// A mask of the lanes (as a compare produces it).
    type M: Copy;

    /// Every lane `x`.
    fn splat(x: f64) -> Self::F;
    /// Load from memory.
    fn load(a: &V) -> Self::F;
    /// Store to memory.
    fn store(a: &mut V, v: Self::F);
    /// `a + b`.
    fn add(a: Self::F, b: Self::F) -> Self::F;
    /// `a - b`.
    fn sub(a: Self::F, b: Self::F) -> Self::F;
    /// `a * b`.
    fn mul(a: Self::F, b: Self::F) -> Self::F;
    /// Correctly rounded square root.
    fn sqrt(a: Self::F) -> Self::F;
    /// `b` where `b > a`, else `a` (so `a` where either is NaN).
    fn max(a: Self::F, b: Self::F) -> Self::F;
    /// `|a|`.
    fn abs(a: Self::F) -> Self::F;
    /// `a < b` (false on NaN).
    fn lt(a: Self::F, b: Self::F) -> Self::M;
    /// `a <= b` (false on NaN).
    fn le(a: Self::F, b: Self::F) -> Self::M;
    /// `a` where the mask is set, else `b`.
    fn select(m: Self::M, a: Self::F, b: Self::F) -> Self::F;
    /// The mask as bits, lane `l` at bit `l`.
    fn bits(m: Self::M) -> Bits;
    /// The mask of bits `b` (lane `l` set when bit `l` is).
    fn mask(b: Bits) -> Self::M;
    /// Load the generators.
    fn load_rng(l: &Lanes) -> [Self::U; 4];
    /// Store the generators.
    fn store_rng(l: &mut Lanes, s: &[Self::U; 4]);
    /// One xoshiro256++ step per lane, as a uniform in `[0, 1)` by the exponent trick
    /// ([`super::rng::unit`]).
    fn next_unit(s: &mut [Self::U; 4]) -> Self::F;
    /// Add the sum of the lanes of each of `a`, `b`, `c`, `e` to `acc[0..4]`, each summed in the
    /// order of [`tree_sum`] (the same bits on every instruction set). Per-node sums over the
    /// draws are kept this way, one 32-byte row per node rather than the lanes of each
    /// (which made the forward pass bound by the traffic between the caches).
    fn add_sums4(acc: &mut Sums4, a: Self::F, b: Self::F, c: Self::F, e: Self::F);
}

/// `x` where it is above 0, else 0 (also for NaN), as [`super::rng::nonneg`].
#[inline(always)]
pub(crate) fn nonneg_v<S: Simd>(x: S::F) -> S::F {
    let zero = S::splat(0.0);
    S::select(S::lt(zero, x), x, zero)
}

/// The triangle's inverse CDF for every lane, as [`Tri::inv`].
#[inline(always)]
pub(crate) fn tri<S: Simd>(t: &Tri, u: S::F) -> S::F {
    let m = S::lt(u, S::splat(t.fc));
    let left = S::mul(u, S::splat(t.a));
    let right = S::mul(S::sub(S::splat(1.0), u), S::splat(t.b));
    let r = S::sqrt(S::select(m, left, right));
    S::select(m, S::add(S::splat(t.lo), r), S::sub(S::splat(t.hi), r))
}

/// One value of `d` per lane, as [`Xoshiro::sample`] on each lane's stream. `spill` holds the
/// generators while a family without a vector form samples lane by lane.
#[inline(always)]
pub(crate) fn sample<S: Simd>(rng: &mut [S::U; 4], spill: &mut Lanes, d: &Fast) -> S::F {
    match d {
        Fast::Fixed(v) => S::splat(*v),
        Fast::Uniform { lo, width } => {
            let u = S::next_unit(rng);
            S::add(S::splat(*lo), S::mul(u, S::splat(*width)))
        }
        Fast::Triangular(t) => tri::<S>(t, S::next_unit(rng)),
        Fast::Other(d) => {
            S::store_rng(spill, rng);
            let mut out = V::default();
            for (l, o) in out.0.iter_mut().enumerate() {
                let mut x = spill.get(l);
                *o = d.sample(&mut x);
                spill.set(l, x);
            }
            *rng = S::load_rng(spill);
            S::load(&out)
        }
    }
}

/// Whatever the build targets: lane loops over arrays (SSE2 on a baseline x86-64 build).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Portable;

impl Simd for Portable {
    type F = [f64; LANES];
    type U = [u64; LANES];
    type M = [u64; LANES];

    #[inline(always)]
    fn splat(x: f64) -> Self::F {
        [x; LANES]
    }
    #[inline(always)]
    fn load(a: &V) -> Self::F {
        a.0
    }
    #[inline(always)]
    fn store(a: &mut V, v: Self::F) {
        a.0 = v;
    }
    #[inline(always)]
    fn add(a: Self::F, b: Self::F) -> Self::F {
        std::array::from_fn(|l| a[l] + b[l])
    }
    #[inline(always)]
    fn sub(a: Self::F, b: Self::F) -> Self::F {
        std::array::from_fn(|l| a[l] - b[l])
    }
    #[inline(always)]
    fn mul(a: Self::F, b: Self::F) -> Self::F {
        std::array::from_fn(|l| a[l] * b[l])
    }
    #[inline(always)]
    fn sqrt(a: Self::F) -> Self::F {
        a.map(f64::sqrt)
    }
    #[inline(always)]
    fn max(a: Self::F, b: Self::F) -> Self::F {
        std::array::from_fn(|l| if b[l] > a[l] { b[l] } else { a[l] })
    }
    #[inline(always)]
    fn abs(a: Self::F) -> Self::F {
        a.map(f64::abs)
    }
    #[inline(always)]
    fn lt(a: Self::F, b: Self::F) -> Self::M {
        std::array::from_fn(|l| u64::from(a[l] < b[l]).wrapping_neg())
    }
    #[inline(always)]
    fn le(a: Self::F, b: Self::F) -> Self::M {
        std::array::from_fn(|l| u64::from(a[l] <= b[l]).wrapping_neg())
    }
    #[inline(always)]
    fn select(m: Self::M, a: Self::F, b: Self::F) -> Self::F {
        std::array::from_fn(|l| select(m[l], a[l], b[l]))
    }
    #[inline(always)]
    fn bits(m: Self::M) -> Bits {
        let mut b: Bits = 0;
        for l in 0..LANES {
            b |= ((m[l] & 1) as Bits) << l;
        }
        b
    }
    #[inline(always)]
    fn mask(b: Bits) -> Self::M {
        std::array::from_fn(|l| u64::from((b >> l) & 1).wrapping_neg())
    }
    #[inline(always)]
    fn load_rng(l: &Lanes) -> [Self::U; 4] {
        l.s.map(|w| w.0)
    }
    #[inline(always)]
    fn store_rng(l: &mut Lanes, s: &[Self::U; 4]) {
        for (w, v) in l.s.iter_mut().zip(s) {
            w.0 = *v;
        }
    }
    #[inline(always)]
    fn next_unit(s: &mut [Self::U; 4]) -> Self::F {
        // one loop per step of xoshiro256++, each over whole arrays
        let [s0, s1, s2, s3] = s;
        let mut r = [0u64; LANES];
        let mut t = [0u64; LANES];
        for l in 0..LANES {
            r[l] = s0[l]
                .wrapping_add(s3[l])
                .rotate_left(23)
                .wrapping_add(s0[l]);
        }
        for l in 0..LANES {
            t[l] = s1[l] << 17;
        }
        for l in 0..LANES {
            s2[l] ^= s0[l];
        }
        for l in 0..LANES {
            s3[l] ^= s1[l];
        }
        for l in 0..LANES {
            s1[l] ^= s2[l];
        }
        for l in 0..LANES {
            s0[l] ^= s3[l];
        }
        for l in 0..LANES {
            s2[l] ^= t[l];
        }
        for l in 0..LANES {
            s3[l] = s3[l].rotate_left(45);
        }
        r.map(super::rng::unit)
    }
    #[inline(always)]
    fn add_sums4(acc: &mut Sums4, a: Self::F, b: Self::F, c: Self::F, e: Self::F) {
        for (o, v) in acc.0.iter_mut().zip([a, b, c, e]) {
            *o += tree_sum(&v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dist;
    use crate::simulate::rng::nonneg;

    #[test]
    fn lanes_are_the_streams_of_their_draws() {
        let mut lanes = Lanes::default();
        lanes.reseed(42, 16);
        let d = Fast::new(&Dist::Triangular {
            min: 1.0,
            mode: 2.0,
            max: 7.0,
        });
        let p = Fast::new(&Dist::Pert {
            min: 1.0,
            mode: 2.0,
            max: 7.0,
        });
        let mut spill = Lanes::default();
        let mut rng = Portable::load_rng(&lanes);
        let a = sample::<Portable>(&mut rng, &mut spill, &d);
        let b = sample::<Portable>(&mut rng, &mut spill, &p);
        let u = Portable::next_unit(&mut rng);
        for l in 0..LANES {
            let mut x = Xoshiro::for_draw(42, 16 + l as u64);
            assert_eq!(x.sample(&d).to_bits(), a[l].to_bits());
            assert_eq!(x.sample(&p).to_bits(), b[l].to_bits());
            assert_eq!(x.uniform().to_bits(), u[l].to_bits());
        }
    }

    #[test]
    fn vector_floor_and_max_follow_the_scalar_rules() {
        let eight = [
            -1.0,
            0.0,
            -0.0,
            f64::NAN,
            2.0,
            f64::INFINITY,
            -f64::INFINITY,
            1e-300,
        ];
        let x: [f64; LANES] = std::array::from_fn(|l| eight[l % 8]);
        let f = nonneg_v::<Portable>(x);
        for l in 0..LANES {
            assert_eq!(f[l].to_bits(), nonneg(x[l]).to_bits(), "lane {l}");
        }
        let other = [0.0, -0.0, 0.0, 1.0, f64::NAN, 3.0, 0.0, 0.0];
        let b: [f64; LANES] = std::array::from_fn(|l| other[(l + 3) % 8]);
        let m = Portable::max(x, b);
        for l in 0..LANES {
            let want = if b[l] > x[l] { b[l] } else { x[l] };
            assert_eq!(m[l].to_bits(), want.to_bits(), "lane {l}");
        }
        assert_eq!(Portable::bits(Portable::mask(0xA5_96)), 0xA5_96);
    }

    #[test]
    fn lane_sums_follow_the_tree_order() {
        // values whose sum depends on the order: 1e16 + 1 - 1e16 is 0 or 1 or 2
        let half = [1e16, 1.0, -1e16, 1.0, 3.0, 1e-3, 1e16, -1e16];
        let a: [f64; LANES] = std::array::from_fn(|l| half[l % 8] * if l < 8 { 1.0 } else { 2.0 });
        let mut acc = Sums4([0.5; 4]);
        Portable::add_sums4(&mut acc, a, [1.0; LANES], [0.0; LANES], [-2.0; LANES]);
        let eight = |v: &[f64]| ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
        let want = eight(&a[..8]) + eight(&a[8..]);
        assert_eq!(acc.0, [0.5 + want, 16.5, 0.5, -31.5]);
    }
}
