//! [`Simd`] on AVX2: four `ymm` registers per sixteen lanes; masks are compare results.
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

/// Registers per value.
const R: usize = 4;
type F = [__m256d; R];

/// Apply `f` to each register.
#[inline(always)]
fn each<T: Copy, O>(a: [T; R], f: impl Fn(T) -> O) -> [O; R] {
    [f(a[0]), f(a[1]), f(a[2]), f(a[3])]
}

/// Apply `f` to each register of two values.
#[inline(always)]
fn both<T: Copy, O>(a: [T; R], b: [T; R], f: impl Fn(T, T) -> O) -> [O; R] {
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])]
}

/// `x` rotated left by `L` bits (`RR = 64 - L`).
#[inline(always)]
fn rotl<const L: i32, const RR: i32>(x: __m256i) -> __m256i {
    unsafe { _mm256_or_si256(_mm256_slli_epi64::<L>(x), _mm256_srli_epi64::<RR>(x)) }
}

/// The four eight-lane tree sums (see `tree_sum`) of the eight lanes in registers `h` and
/// `h + 1` of `a`, `b`, `c`, `e`.
#[inline(always)]
fn sums8(h: usize, a: &F, b: &F, c: &F, e: &F) -> __m256d {
    unsafe {
        // per register: [x0+x1, y0+y1, x2+x3, y2+y3]
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
        let lo = quad(pair(a[h], b[h]), pair(c[h], e[h]));
        let hi = quad(pair(a[h + 1], b[h + 1]), pair(c[h + 1], e[h + 1]));
        _mm256_add_pd(lo, hi)
    }
}

impl Simd for Avx2 {
    type F = F;
    type U = [__m256i; R];
    type M = F;

    #[inline(always)]
    fn splat(x: f64) -> F {
        [unsafe { _mm256_set1_pd(x) }; R]
    }
    #[inline(always)]
    fn load(a: &V) -> F {
        let p = a.0.as_ptr();
        std::array::from_fn(|k| unsafe { _mm256_load_pd(p.add(4 * k)) })
    }
    #[inline(always)]
    fn store(a: &mut V, v: F) {
        let p = a.0.as_mut_ptr();
        for (k, x) in v.into_iter().enumerate() {
            unsafe { _mm256_store_pd(p.add(4 * k), x) };
        }
    }
    #[inline(always)]
    fn add(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm256_add_pd(x, y) })
    }
    #[inline(always)]
    fn sub(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm256_sub_pd(x, y) })
    }
    #[inline(always)]
    fn mul(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm256_mul_pd(x, y) })
    }
    #[inline(always)]
    fn sqrt(a: F) -> F {
        each(a, |x| unsafe { _mm256_sqrt_pd(x) })
    }
    #[inline(always)]
    fn max(a: F, b: F) -> F {
        // VMAXPD(x, y) = x > y ? x : y, lane by lane (y on NaN or equal)
        both(a, b, |x, y| unsafe { _mm256_max_pd(y, x) })
    }
    #[inline(always)]
    fn abs(a: F) -> F {
        each(a, |x| unsafe { _mm256_andnot_pd(_mm256_set1_pd(-0.0), x) })
    }
    #[inline(always)]
    fn lt(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm256_cmp_pd::<_CMP_LT_OQ>(x, y) })
    }
    #[inline(always)]
    fn le(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm256_cmp_pd::<_CMP_LE_OQ>(x, y) })
    }
    #[inline(always)]
    fn select(m: F, a: F, b: F) -> F {
        // blendv takes the second operand where the mask's sign bit is set
        std::array::from_fn(|k| unsafe { _mm256_blendv_pd(b[k], a[k], m[k]) })
    }
    #[inline(always)]
    fn bits(m: F) -> Bits {
        let q = each(m, |x| unsafe { _mm256_movemask_pd(x) } as Bits);
        q[0] | (q[1] << 4) | (q[2] << 8) | (q[3] << 12)
    }
    #[inline(always)]
    fn mask(b: Bits) -> F {
        unsafe {
            let v = _mm256_set1_epi64x(i64::from(b));
            std::array::from_fn(|k| {
                let s = 4 * k as i32;
                let sel = _mm256_setr_epi64x(1 << s, 2 << s, 4 << s, 8 << s);
                _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_and_si256(v, sel), sel))
            })
        }
    }
    #[inline(always)]
    fn load_rng(l: &Lanes) -> [Self::U; 4] {
        l.s.map(|w| {
            let p = w.0.as_ptr().cast::<__m256i>();
            std::array::from_fn(|k| unsafe { _mm256_load_si256(p.add(k)) })
        })
    }
    #[inline(always)]
    fn store_rng(l: &mut Lanes, s: &[Self::U; 4]) {
        for (w, v) in l.s.iter_mut().zip(s) {
            let p = w.0.as_mut_ptr().cast::<__m256i>();
            for (k, x) in v.iter().enumerate() {
                unsafe { _mm256_store_si256(p.add(k), *x) };
            }
        }
    }
    #[inline(always)]
    fn next_unit(s: &mut [Self::U; 4]) -> F {
        let mut out = [unsafe { _mm256_setzero_pd() }; R];
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
    fn add_sums4(acc: &mut Sums4, a: F, b: F, c: F, e: F) {
        unsafe {
            let lo = sums8(0, &a, &b, &c, &e);
            let hi = sums8(2, &a, &b, &c, &e);
            let p = acc.0.as_mut_ptr();
            _mm256_store_pd(p, _mm256_add_pd(_mm256_load_pd(p), _mm256_add_pd(lo, hi)));
        }
    }
}
