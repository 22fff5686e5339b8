//! The random streams of the Monte Carlo engine: one xoshiro256++ generator per draw, seeded by
//! SplitMix64 from `(seed, draw)`, so a draw's numbers never depend on the thread that runs it,
//! on the chunking, or on whether it runs alone ([`Xoshiro`]) or in a lane of a batch
//! ([`super::simd::Lanes`], the same generator in structure-of-arrays form).
//!
//! Uniforms use the exponent trick: `f64::from_bits(0x3FF0_0000_0000_0000 | (r >> 12)) - 1.0`,
//! 52 random bits in `[0, 1)`, integer operations and one subtraction, so they vectorise.
//! Triangular and uniform distributions are sampled by their inverse CDF from one such uniform
//! ([`Fast`]); the other families go through `rand_distr` with the draw's generator.

use std::convert::Infallible;

use rand::TryRng;

use crate::model::Dist;

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function.
#[inline(always)]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Uniform in `[0, 1)` from the 52 high bits of `r`.
#[inline(always)]
pub(crate) fn unit(r: u64) -> f64 {
    f64::from_bits(0x3FF0_0000_0000_0000 | (r >> 12)) - 1.0
}

/// xoshiro256++ (Blackman & Vigna), the stream of one draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Xoshiro {
    pub(crate) s: [u64; 4],
}

impl Xoshiro {
    /// The stream of draw `draw` under `seed`: four SplitMix64 outputs from
    /// `mix64(mix64(seed) ^ draw)`.
    pub(crate) fn for_draw(seed: u64, draw: u64) -> Xoshiro {
        let mut x = mix64(mix64(seed) ^ draw);
        let mut s = [0u64; 4];
        for v in &mut s {
            x = x.wrapping_add(GOLDEN);
            *v = mix64(x);
        }
        if s == [0; 4] {
            s[0] = GOLDEN;
        }
        Xoshiro { s }
    }

    #[inline(always)]
    pub(crate) fn next(&mut self) -> u64 {
        let s = &mut self.s;
        let r = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        r
    }

    /// Uniform in `[0, 1)` (see [`unit`]).
    #[inline(always)]
    pub(crate) fn uniform(&mut self) -> f64 {
        unit(self.next())
    }

    /// One value of `d` (see [`Fast`]).
    pub(crate) fn sample(&mut self, d: &Fast) -> f64 {
        match d {
            Fast::Fixed(v) => *v,
            Fast::Uniform { lo, width } => uniform_inv(self.uniform(), *lo, *width),
            Fast::Triangular(t) => t.inv(self.uniform()),
            Fast::Other(d) => d.sample(self),
        }
    }
}

impl TryRng for Xoshiro {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.next() >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.next())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let b = self.next().to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
        Ok(())
    }
}

/// The inverse CDF of a triangle, with its constants precomputed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tri {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    /// CDF at the mode, `(mode - lo) / (hi - lo)`.
    pub(crate) fc: f64,
    /// `(hi - lo) (mode - lo)`.
    pub(crate) a: f64,
    /// `(hi - lo) (hi - mode)`.
    pub(crate) b: f64,
}

impl Tri {
    /// `lo + sqrt(u a)` left of the mode, `hi - sqrt((1 - u) b)` right of it; branch-free
    /// (bit-mask selects) so that lane loops vectorise, and no fused multiply-add: the same bits
    /// on every instruction set.
    #[inline(always)]
    pub(crate) fn inv(&self, u: f64) -> f64 {
        let m = u64::from(u < self.fc).wrapping_neg();
        let x = select(m, u * self.a, (1.0 - u) * self.b);
        let t = x.sqrt();
        select(m, self.lo + t, self.hi - t)
    }
}

/// `a` where the mask `m` is all ones, `b` where it is zero.
#[inline(always)]
pub(crate) fn select(m: u64, a: f64, b: f64) -> f64 {
    f64::from_bits((a.to_bits() & m) | (b.to_bits() & !m))
}

/// `x` where it is above 0, else 0 (also for NaN): the floor of sampled durations and costs,
/// written as a select so that lane loops vectorise and every path gives the same bits.
#[inline(always)]
pub(crate) fn nonneg(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Uniform on `[lo, lo + width)` by inverse CDF.
#[inline(always)]
pub(crate) fn uniform_inv(u: f64, lo: f64, width: f64) -> f64 {
    lo + u * width
}

/// A distribution compiled for sampling: by inverse CDF from one uniform where that is cheap,
/// through `rand_distr` otherwise, and without any random number when fixed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fast {
    Fixed(f64),
    Uniform { lo: f64, width: f64 },
    Triangular(Tri),
    Other(Dist),
}

impl Fast {
    pub(crate) fn new(d: &Dist) -> Fast {
        match *d {
            Dist::Fixed(v) => Fast::Fixed(v),
            Dist::Uniform { min, max } if max <= min => Fast::Fixed(min),
            Dist::Uniform { min, max } => Fast::Uniform {
                lo: min,
                width: max - min,
            },
            Dist::Triangular { min, max, .. } if max <= min => Fast::Fixed(min),
            Dist::Triangular { min, mode, max } => Fast::Triangular(Tri {
                lo: min,
                hi: max,
                fc: (mode - min) / (max - min),
                a: (max - min) * (mode - min),
                b: (max - min) * (max - mode),
            }),
            ref other => Fast::Other(other.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoshiro_reference_vector() {
        // xoshiro256++ from state (1, 2, 3, 4): the reference implementation's first outputs
        let mut x = Xoshiro { s: [1, 2, 3, 4] };
        let want = [41943041u64, 58720359, 3588806011781223, 3591011842654386];
        for w in want {
            assert_eq!(x.next(), w);
        }
    }

    #[test]
    fn triangular_inverse_cdf_has_the_right_moments() {
        let t = Fast::new(&Dist::Triangular {
            min: 2.0,
            mode: 4.0,
            max: 9.0,
        });
        let mut x = Xoshiro::for_draw(1, 0);
        let n = 200_000;
        let v: Vec<f64> = (0..n).map(|_| x.sample(&t)).collect();
        let mean = v.iter().sum::<f64>() / n as f64;
        let var = v.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!((mean - 5.0).abs() < 0.01, "{mean}");
        // (a^2 + b^2 + c^2 - ab - ac - bc) / 18 = 2.1667
        assert!((var - 39.0 / 18.0).abs() < 0.02, "{var}");
        assert!(v.iter().all(|&a| (2.0..=9.0).contains(&a)));
    }
}
