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

/// A mask of the lanes of a batch, lane `l` at bit `l` (at most sixteen lanes).
///
/// Draws per batch (`N` below) depend on the instruction set: sixteen on AVX-512 (two `zmm`
/// registers per value: half the per-node bookkeeping per draw of eight lanes, 15 % faster on
/// the benchmark DAG), eight on AVX2 and the portable path (whose registers cannot also hold
/// sixteen lanes' generator state: sixteen lanes measured 9 % slower on AVX2, 2.2x on SSE2).
pub(crate) type Bits = u16;

/// The `f64` lanes in memory, aligned to a cache line so that a vector load never splits.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(64))]
pub(crate) struct V<const N: usize>(pub(crate) [f64; N]);

impl<const N: usize> Default for V<N> {
    fn default() -> Self {
        V([0.0; N])
    }
}

/// Four per-node sums (see [`Simd::add_sums4`]), aligned for one 256-bit access.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C, align(32))]
pub(crate) struct Sums4(pub(crate) [f64; 4]);

/// Add the lanes of `v` to `acc` in the fixed order of [`Simd::add_sums4`]: each group of eight
/// lanes as `((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))`, added to `acc` group after
/// group, so that sixteen lanes give the bits of two batches of eight.
#[inline(always)]
pub(crate) fn add_tree<const N: usize>(acc: f64, v: &[f64; N]) -> f64 {
    let eight = |v: &[f64]| ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
    v.chunks_exact(8).map(eight).fold(acc, |a, x| a + x)
}

/// The `u64` lanes in memory, aligned to a cache line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
pub(crate) struct W<const N: usize>(pub(crate) [u64; N]);

impl<const N: usize> Default for W<N> {
    fn default() -> Self {
        W([0; N])
    }
}

/// `N` draws' generators side by side (structure of arrays): lane `l` is exactly the
/// [`Xoshiro`] stream of its draw.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lanes<const N: usize> {
    /// The four state words, each for every lane.
    pub(crate) s: [W<N>; 4],
}

impl<const N: usize> Default for Lanes<N> {
    fn default() -> Self {
        Lanes {
            s: [W::default(); 4],
        }
    }
}

impl<const N: usize> Lanes<N> {
    /// Restart on the streams of draws `first..first + N` under `seed`.
    pub(crate) fn reseed(&mut self, seed: u64, first: u64) {
        for l in 0..N {
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

/// The operations of the batched kernel on `N` lanes. Implementations are zero-sized
/// markers; values are [`Simd::F`] (the lanes' `f64`), [`Simd::U`] (their `u64`, the
/// generator state) and [`Simd::M`] (a mask of the lanes).
pub(crate) trait Simd<const N: usize>: Copy {
    /// The lanes' `f64`.
    type F: Copy;
    /// The lanes' `u64`.
    type U: Copy;
    /// A mask of the lanes (as a compare produces it).
    type M: Copy;

    /// Every lane `x`.
    fn splat(x: f64) -> Self::F;
    /// Load from memory.
    fn load(a: &V<N>) -> Self::F;
    /// Store to memory.
    fn store(a: &mut V<N>, v: Self::F);
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
    fn load_rng(l: &Lanes<N>) -> [Self::U; 4];
    /// Store the generators.
    fn store_rng(l: &mut Lanes<N>, s: &[Self::U; 4]);
    /// One xoshiro256++ step per lane, as a uniform in `[0, 1)` by the exponent trick
    /// ([`super::rng::unit`]).
    fn next_unit(s: &mut [Self::U; 4]) -> Self::F;
    /// Add the lanes of each of `a`, `b`, `c`, `e` to `acc[0..4]`, each in the order of
    /// [`add_tree`] (the same bits on every instruction set and lane count). Per-node sums over the
    /// draws are kept this way, one 32-byte row per node rather than the lanes of each
    /// (which made the forward pass bound by the traffic between the caches).
    fn add_sums4(acc: &mut Sums4, a: Self::F, b: Self::F, c: Self::F, e: Self::F);
}

/// `x` where it is above 0, else 0 (also for NaN), as [`super::rng::nonneg`].
#[inline(always)]
pub(crate) fn nonneg_v<const N: usize, S: Simd<N>>(x: S::F) -> S::F {
    let zero = S::splat(0.0);
    S::select(S::lt(zero, x), x, zero)
}

/// The triangle's inverse CDF for every lane, as [`Tri::inv`].
#[inline(always)]
pub(crate) fn tri<const N: usize, S: Simd<N>>(t: &Tri, u: S::F) -> S::F {
    let m = S::lt(u, S::splat(t.fc));
    let left = S::mul(u, S::splat(t.a));
    let right = S::mul(S::sub(S::splat(1.0), u), S::splat(t.b));
    let r = S::sqrt(S::select(m, left, right));
    S::select(m, S::add(S::splat(t.lo), r), S::sub(S::splat(t.hi), r))
}

/// One value of `d` per lane, as [`Xoshiro::sample`] on each lane's stream. `spill` holds the
/// generators while a family without a vector form samples lane by lane.
#[inline(always)]
pub(crate) fn sample<const N: usize, S: Simd<N>>(
    rng: &mut [S::U; 4],
    spill: &mut Lanes<N>,
    d: &Fast,
) -> S::F {
    match d {
        Fast::Fixed(v) => S::splat(*v),
        Fast::Uniform { lo, width } => {
            let u = S::next_unit(rng);
            S::add(S::splat(*lo), S::mul(u, S::splat(*width)))
        }
        Fast::Triangular(t) => tri::<N, S>(t, S::next_unit(rng)),
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

impl<const N: usize> Simd<N> for Portable {
    type F = [f64; N];
    type U = [u64; N];
    type M = [u64; N];

    #[inline(always)]
    fn splat(x: f64) -> Self::F {
        [x; N]
    }
    #[inline(always)]
    fn load(a: &V<N>) -> Self::F {
        a.0
    }
    #[inline(always)]
    fn store(a: &mut V<N>, v: Self::F) {
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
        for l in 0..N {
            b |= ((m[l] & 1) as Bits) << l;
        }
        b
    }
    #[inline(always)]
    fn mask(b: Bits) -> Self::M {
        std::array::from_fn(|l| u64::from((b >> l) & 1).wrapping_neg())
    }
    #[inline(always)]
    fn load_rng(l: &Lanes<N>) -> [Self::U; 4] {
        l.s.map(|w| w.0)
    }
    #[inline(always)]
    fn store_rng(l: &mut Lanes<N>, s: &[Self::U; 4]) {
        for (w, v) in l.s.iter_mut().zip(s) {
            w.0 = *v;
        }
    }
    #[inline(always)]
    fn next_unit(s: &mut [Self::U; 4]) -> Self::F {
        // one loop per step of xoshiro256++, each over whole arrays
        let [s0, s1, s2, s3] = s;
        let mut r = [0u64; N];
        let mut t = [0u64; N];
        for l in 0..N {
            r[l] = s0[l]
                .wrapping_add(s3[l])
                .rotate_left(23)
                .wrapping_add(s0[l]);
        }
        for l in 0..N {
            t[l] = s1[l] << 17;
        }
        for l in 0..N {
            s2[l] ^= s0[l];
        }
        for l in 0..N {
            s3[l] ^= s1[l];
        }
        for l in 0..N {
            s1[l] ^= s2[l];
        }
        for l in 0..N {
            s0[l] ^= s3[l];
        }
        for l in 0..N {
            s2[l] ^= t[l];
        }
        for l in 0..N {
            s3[l] = s3[l].rotate_left(45);
        }
        r.map(super::rng::unit)
    }
    #[inline(always)]
    fn add_sums4(acc: &mut Sums4, a: Self::F, b: Self::F, c: Self::F, e: Self::F) {
        for (o, v) in acc.0.iter_mut().zip([a, b, c, e]) {
            *o = add_tree(*o, &v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dist;
    use crate::simulate::rng::nonneg;

    /// Lanes of the portable tests (both widths in use share the code).
    const LANES: usize = 16;

    #[test]
    fn lanes_are_the_streams_of_their_draws() {
        let mut lanes = Lanes::<LANES>::default();
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
        let mut spill = Lanes::<LANES>::default();
        let mut rng = <Portable as Simd<LANES>>::load_rng(&lanes);
        let a = sample::<LANES, Portable>(&mut rng, &mut spill, &d);
        let b = sample::<LANES, Portable>(&mut rng, &mut spill, &p);
        let u = <Portable as Simd<LANES>>::next_unit(&mut rng);
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
        let f = nonneg_v::<LANES, Portable>(x);
        for l in 0..LANES {
            assert_eq!(f[l].to_bits(), nonneg(x[l]).to_bits(), "lane {l}");
        }
        let other = [0.0, -0.0, 0.0, 1.0, f64::NAN, 3.0, 0.0, 0.0];
        let b: [f64; LANES] = std::array::from_fn(|l| other[(l + 3) % 8]);
        let m = <Portable as Simd<LANES>>::max(x, b);
        for l in 0..LANES {
            let want = if b[l] > x[l] { b[l] } else { x[l] };
            assert_eq!(m[l].to_bits(), want.to_bits(), "lane {l}");
        }
        assert_eq!(
            <Portable as Simd<LANES>>::bits(<Portable as Simd<LANES>>::mask(0xA5_96)),
            0xA5_96
        );
    }

    #[test]
    fn lane_sums_follow_the_tree_order() {
        // values whose sum depends on the order: 1e16 + 1 - 1e16 is 0 or 1 or 2
        let half = [1e16, 1.0, -1e16, 1.0, 3.0, 1e-3, 1e16, -1e16];
        let a: [f64; LANES] = std::array::from_fn(|l| half[l % 8] * if l < 8 { 1.0 } else { 2.0 });
        let mut acc = Sums4([0.5; 4]);
        <Portable as Simd<LANES>>::add_sums4(
            &mut acc,
            a,
            [1.0; LANES],
            [0.0; LANES],
            [-2.0; LANES],
        );
        let eight = |v: &[f64]| ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
        let want = (0.5 + eight(&a[..8])) + eight(&a[8..]);
        assert_eq!(acc.0, [want, 16.5, 0.5, -31.5]);
    }
}
