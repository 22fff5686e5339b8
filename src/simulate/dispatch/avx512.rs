//! [`Simd`] on AVX-512: two `zmm` registers per sixteen lanes, `k` registers for masks.
//!
//! SAFETY (whole module): every function here executes AVX-512 F instructions. The marker
//! [`Avx512`] is private to [`super`], which instantiates the kernel with it only inside
//! `batch_avx512`, a `#[target_feature]` function called after `Isa::Avx512.supported()`
//! confirmed the CPU has the features. Loads and stores go through `&V`, `&W` and `&Sums4`
//! (aligned to 64, 64 and 32 bytes, of the sizes read or written), so the aligned forms read and
//! write exactly that memory.

use std::arch::x86_64::*;

use crate::simulate::simd::{Bits, Lanes, Simd, Sums4, V};

/// AVX-512 F (with VL/DQ/BW enabled on the kernel's entry point).
#[derive(Debug, Clone, Copy)]
pub(super) struct Avx512;

type F = [__m512d; 2];

/// Apply `f` to both halves.
#[inline(always)]
fn each<T: Copy, R>(a: [T; 2], f: impl Fn(T) -> R) -> [R; 2] {
    [f(a[0]), f(a[1])]
}

/// Apply `f` to both halves of two values.
#[inline(always)]
fn both<T: Copy, U: Copy, R>(a: [T; 2], b: [U; 2], f: impl Fn(T, U) -> R) -> [R; 2] {
    [f(a[0], b[0]), f(a[1], b[1])]
}

/// The four eight-lane tree sums (see `tree_sum`) of `a`, `b`, `c`, `e`, in a `ymm`.
#[inline(always)]
fn sums8(a: __m512d, b: __m512d, c: __m512d, e: __m512d) -> __m256d {
    unsafe {
        // [a0+a1, b0+b1, a2+a3, b2+b3, a4+a5, b4+b5, a6+a7, b6+b7], and c with e
        let ab = _mm512_add_pd(_mm512_unpacklo_pd(a, b), _mm512_unpackhi_pd(a, b));
        let ce = _mm512_add_pd(_mm512_unpacklo_pd(c, e), _mm512_unpackhi_pd(c, e));
        // 128-bit chunks [0, 2] and [1, 3] of each: [a01 b01 a45 b45 c01 e01 c45 e45] +
        // [a23 b23 a67 b67 c23 e23 c67 e67]
        let x = _mm512_shuffle_f64x2::<0b10_00_10_00>(ab, ce);
        let y = _mm512_shuffle_f64x2::<0b11_01_11_01>(ab, ce);
        let z = _mm512_add_pd(x, y);
        // [a_lo b_lo c_lo e_lo ...] + [a_hi b_hi c_hi e_hi ...]
        let lo = _mm512_shuffle_f64x2::<0b10_00_10_00>(z, z);
        let hi = _mm512_shuffle_f64x2::<0b11_01_11_01>(z, z);
        _mm512_castpd512_pd256(_mm512_add_pd(lo, hi))
    }
}

impl Simd<16> for Avx512 {
    type F = F;
    type U = [__m512i; 2];
    type M = [__mmask8; 2];

    #[inline(always)]
    fn splat(x: f64) -> F {
        let v = unsafe { _mm512_set1_pd(x) };
        [v, v]
    }
    #[inline(always)]
    fn load(a: &V<16>) -> F {
        let p = a.0.as_ptr();
        unsafe { [_mm512_load_pd(p), _mm512_load_pd(p.add(8))] }
    }
    #[inline(always)]
    fn store(a: &mut V<16>, v: F) {
        let p = a.0.as_mut_ptr();
        unsafe {
            _mm512_store_pd(p, v[0]);
            _mm512_store_pd(p.add(8), v[1]);
        }
    }
    #[inline(always)]
    fn add(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm512_add_pd(x, y) })
    }
    #[inline(always)]
    fn sub(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm512_sub_pd(x, y) })
    }
    #[inline(always)]
    fn mul(a: F, b: F) -> F {
        both(a, b, |x, y| unsafe { _mm512_mul_pd(x, y) })
    }
    #[inline(always)]
    fn sqrt(a: F) -> F {
        each(a, |x| unsafe { _mm512_sqrt_pd(x) })
    }
    #[inline(always)]
    fn max(a: F, b: F) -> F {
        // VMAXPD(x, y) = x > y ? x : y, lane by lane (y on NaN or equal)
        both(a, b, |x, y| unsafe { _mm512_max_pd(y, x) })
    }
    #[inline(always)]
    fn abs(a: F) -> F {
        each(a, |x| unsafe { _mm512_abs_pd(x) })
    }
    #[inline(always)]
    fn lt(a: F, b: F) -> Self::M {
        both(a, b, |x, y| unsafe {
            _mm512_cmp_pd_mask::<_CMP_LT_OQ>(x, y)
        })
    }
    #[inline(always)]
    fn le(a: F, b: F) -> Self::M {
        both(a, b, |x, y| unsafe {
            _mm512_cmp_pd_mask::<_CMP_LE_OQ>(x, y)
        })
    }
    #[inline(always)]
    fn select(m: Self::M, a: F, b: F) -> F {
        // blend takes the second operand where the mask is set
        [unsafe { _mm512_mask_blend_pd(m[0], b[0], a[0]) }, unsafe {
            _mm512_mask_blend_pd(m[1], b[1], a[1])
        }]
    }
    #[inline(always)]
    fn bits(m: Self::M) -> Bits {
        Bits::from(m[0]) | (Bits::from(m[1]) << 8)
    }
    #[inline(always)]
    fn mask(b: Bits) -> Self::M {
        [b as u8, (b >> 8) as u8]
    }
    #[inline(always)]
    fn load_rng(l: &Lanes<16>) -> [Self::U; 4] {
        l.s.map(|w| {
            let p = w.0.as_ptr().cast::<i64>();
            unsafe { [_mm512_load_epi64(p), _mm512_load_epi64(p.add(8))] }
        })
    }
    #[inline(always)]
    fn store_rng(l: &mut Lanes<16>, s: &[Self::U; 4]) {
        for (w, v) in l.s.iter_mut().zip(s) {
            let p = w.0.as_mut_ptr().cast::<i64>();
            unsafe {
                _mm512_store_epi64(p, v[0]);
                _mm512_store_epi64(p.add(8), v[1]);
            }
        }
    }
    #[inline(always)]
    fn next_unit(s: &mut [Self::U; 4]) -> F {
        let mut out = [unsafe { _mm512_setzero_pd() }; 2];
        for (h, o) in out.iter_mut().enumerate() {
            unsafe {
                let (s0, s1, s2, s3) = (s[0][h], s[1][h], s[2][h], s[3][h]);
                let r = _mm512_add_epi64(_mm512_rol_epi64::<23>(_mm512_add_epi64(s0, s3)), s0);
                let t = _mm512_slli_epi64::<17>(s1);
                let s2 = _mm512_xor_si512(s2, s0);
                let s3 = _mm512_xor_si512(s3, s1);
                let s1 = _mm512_xor_si512(s1, s2);
                let s0 = _mm512_xor_si512(s0, s3);
                let s2 = _mm512_xor_si512(s2, t);
                let s3 = _mm512_rol_epi64::<45>(s3);
                (s[0][h], s[1][h], s[2][h], s[3][h]) = (s0, s1, s2, s3);
                let one = _mm512_set1_epi64(0x3FF0_0000_0000_0000);
                let x = _mm512_or_si512(one, _mm512_srli_epi64::<12>(r));
                *o = _mm512_sub_pd(_mm512_castsi512_pd(x), _mm512_set1_pd(1.0));
            }
        }
        out
    }
    #[inline(always)]
    fn add_sums4(acc: &mut Sums4, a: F, b: F, c: F, e: F) {
        unsafe {
            let lo = sums8(a[0], b[0], c[0], e[0]);
            let hi = sums8(a[1], b[1], c[1], e[1]);
            // the halves one after the other: the same bits as two batches of eight lanes
            let p = acc.0.as_mut_ptr();
            _mm256_store_pd(p, _mm256_add_pd(_mm256_add_pd(_mm256_load_pd(p), lo), hi));
        }
    }
}
