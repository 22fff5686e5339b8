//! [`Simd`] on AVX2: eight lanes (two `ymm` registers per value); masks are compare results.
//!
//! SAFETY (whole module): every function here executes AVX and AVX2 instructions. The marker
//! [`Avx2`] is private to [`super`], which instantiates the kernel with it only inside
//! `batch_avx2`, a `#[target_feature]` function called after `Isa::Avx2.supported()` confirmed
//! the CPU has the features. Loads and stores go through `&V`, `&W` and `&Sums4` (aligned to
//! 64, 64 and 32 bytes, of the sizes read or written), so the aligned forms read and write
//! exactly that memory.

use std::arch::x86_64::*;

use crate::simulate::simd::{Bits, Lanes, Simd, Sums4, V};

/// AVX2 (with FMA available but never used: the same bits as every other variant).
#[derive(Debug, Clone, Copy)]
pub(super) struct Avx2;

/// Apply `f` to both halves.
#[inline(always)]
fn each<T: Copy, R>(a: [T; 2], f: impl Fn(T) -> R) -> [R; 2] {
    [f(a[0]), f(a[1])]
}

/// Apply `f` to both halves of two values.
#[inline(always)]
fn both<T: Copy, R>(a: [T; 2], b: [T; 2], f: impl Fn(T, T) -> R) -> [R; 2] {
    [f(a[0], b[0]), f(a[1], b[1])]
}

/// `x` rotated left by `L` bits (`R = 64 - L`).
#[inline(always)]
fn rotl<const L: i32, const R: i32>(x: __m256i) -> __m256i {
    unsafe { _mm256_or_si256(_mm256_slli_epi64::<L>(x), _mm256_srli_epi64::<R>(x)) }
}

impl Simd<8> for Avx2 {
    type F = [__m256d; 2];
    type U = [__m256i; 2];
    type M = [__m256d; 2];

    #[inline(always)]
    fn splat(x: f64) -> Self::F {
        let v = unsafe { _mm256_set1_pd(x) };
        [v, v]
    }
    #[inline(always)]
    fn load(a: &V<8>) -> Self::F {
        let p = a.0.as_ptr();
        unsafe { [_mm256_load_pd(p), _mm256_load_pd(p.add(4))] }
    }
    #[inline(always)]
    fn store(a: &mut V<8>, v: Self::F) {
        let p = a.0.as_mut_ptr();
        unsafe {
            _mm256_store_pd(p, v[0]);
            _mm256_store_pd(p.add(4), v[1]);
        }
    }
    #[inline(always)]
    fn add(a: Self::F, b: Self::F) -> Self::F {
        both(a, b, |x, y| unsafe { _mm256_add_pd(x, y) })
    }
    #[inline(always)]
    fn sub(a: Self::F, b: Self::F) -> Self::F {
        both(a, b, |x, y| unsafe { _mm256_sub_pd(x, y) })
    }
    #[inline(always)]
    fn mul(a: Self::F, b: Self::F) -> Self::F {
        both(a, b, |x, y| unsafe { _mm256_mul_pd(x, y) })
    }
    #[inline(always)]
    fn sqrt(a: Self::F) -> Self::F {
        each(a, |x| unsafe { _mm256_sqrt_pd(x) })
    }
    #[inline(always)]
    fn max(a: Self::F, b: Self::F) -> Self::F {
        // VMAXPD(x, y) = x > y ? x : y, lane by lane (y on NaN or equal)
        both(a, b, |x, y| unsafe { _mm256_max_pd(y, x) })
    }
    #[inline(always)]
    fn abs(a: Self::F) -> Self::F {
        each(a, |x| unsafe { _mm256_andnot_pd(_mm256_set1_pd(-0.0), x) })
    }
    #[inline(always)]
    fn lt(a: Self::F, b: Self::F) -> Self::M {
        both(a, b, |x, y| unsafe { _mm256_cmp_pd::<_CMP_LT_OQ>(x, y) })
    }
    #[inline(always)]
    fn le(a: Self::F, b: Self::F) -> Self::M {
        both(a, b, |x, y| unsafe { _mm256_cmp_pd::<_CMP_LE_OQ>(x, y) })
    }
    #[inline(always)]
    fn select(m: Self::M, a: Self::F, b: Self::F) -> Self::F {
        // blendv takes the second operand where the mask's sign bit is set
        [unsafe { _mm256_blendv_pd(b[0], a[0], m[0]) }, unsafe {
            _mm256_blendv_pd(b[1], a[1], m[1])
        }]
    }
    #[inline(always)]
    fn bits(m: Self::M) -> Bits {
        let [lo, hi] = each(m, |x| unsafe { _mm256_movemask_pd(x) } as Bits);
        lo | (hi << 4)
    }
    #[inline(always)]
    fn mask(b: Bits) -> Self::M {
        unsafe {
            let v = _mm256_set1_epi64x(i64::from(b));
            let half = |sel: __m256i| {
                _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_and_si256(v, sel), sel))
            };
            [
                half(_mm256_setr_epi64x(1, 2, 4, 8)),
                half(_mm256_setr_epi64x(16, 32, 64, 128)),
            ]
        }
    }
    #[inline(always)]
    fn load_rng(l: &Lanes<8>) -> [Self::U; 4] {
        l.s.map(|w| {
            let p = w.0.as_ptr().cast::<__m256i>();
            unsafe { [_mm256_load_si256(p), _mm256_load_si256(p.add(1))] }
        })
    }
    #[inline(always)]
    fn store_rng(l: &mut Lanes<8>, s: &[Self::U; 4]) {
        for (w, v) in l.s.iter_mut().zip(s) {
            let p = w.0.as_mut_ptr().cast::<__m256i>();
            unsafe {
                _mm256_store_si256(p, v[0]);
                _mm256_store_si256(p.add(1), v[1]);
            }
        }
    }
    #[inline(always)]
    fn next_unit(s: &mut [Self::U; 4]) -> Self::F {
        let mut out = [unsafe { _mm256_setzero_pd() }; 2];
        for (h, o) in out.iter_mut().enumerate() {
            unsafe {
                let (s0, s1, s2, s3) = (s[0][h], s[1][h], s[2][h], s[3][h]);
                let r = _mm256_add_epi64(rotl::<23, 41>(_mm256_add_epi64(s0, s3)), s0);
                let t = _mm256_slli_epi64::<17>(s1);
                let s2 = _mm256_xor_si256(s2, s0);
                let s3 = _mm256_xor_si256(s3, s1);
                let s1 = _mm256_xor_si256(s1, s2);
                let s0 = _mm256_xor_si256(s0, s3);
                let s2 = _mm256_xor_si256(s2, t);
                let s3 = rotl::<45, 19>(s3);
                (s[0][h], s[1][h], s[2][h], s[3][h]) = (s0, s1, s2, s3);
                let one = _mm256_set1_epi64x(0x3FF0_0000_0000_0000);
                let x = _mm256_or_si256(one, _mm256_srli_epi64::<12>(r));
                *o = _mm256_sub_pd(_mm256_castsi256_pd(x), _mm256_set1_pd(1.0));
            }
        }
        out
    }
    #[inline(always)]
    fn add_sums4(acc: &mut Sums4, a: Self::F, b: Self::F, c: Self::F, e: Self::F) {
        unsafe {
            // per half: [x0+x1, y0+y1, x2+x3, y2+y3]
            let pair = |x: __m256d, y: __m256d| {
                _mm256_add_pd(_mm256_unpacklo_pd(x, y), _mm256_unpackhi_pd(x, y))
            };
            // [a01 b01 c01 e01] + [a23 b23 c23 e23] (and lanes 4..8 alike)
            let quad = |ab: __m256d, ce: __m256d| {
                _mm256_add_pd(
                    _mm256_permute2f128_pd::<0x20>(ab, ce),
                    _mm256_permute2f128_pd::<0x31>(ab, ce),
                )
            };
            let lo = quad(pair(a[0], b[0]), pair(c[0], e[0]));
            let hi = quad(pair(a[1], b[1]), pair(c[1], e[1]));
            let p = acc.0.as_mut_ptr();
            _mm256_store_pd(p, _mm256_add_pd(_mm256_load_pd(p), _mm256_add_pd(lo, hi)));
        }
    }
}
