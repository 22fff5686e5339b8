//! [`Simd`] on AVX-512: one `zmm` register per eight lanes, `k` registers for masks.
//!
//! SAFETY (whole module): every function here executes AVX-512 F instructions. The marker
//! [`Avx512`] is private to [`super`], which instantiates the kernel with it only inside
//! `batch_avx512`, a `#[target_feature]` function called after `Isa::Avx512.supported()`
//! confirmed the CPU has the features. Loads and stores go through `&V` / `&W` (64-byte
//! aligned, eight lanes), so the aligned forms read and write exactly that memory.

use std::arch::x86_64::*;

use crate::simulate::simd::{Lanes, Simd, Sums4, V};

/// AVX-512 F (with VL/DQ/BW enabled on the kernel's entry point).
#[derive(Debug, Clone, Copy)]
pub(super) struct Avx512;

impl Simd for Avx512 {
    type F = __m512d;
    type U = __m512i;
    type M = __mmask8;

    #[inline(always)]
    fn splat(x: f64) -> __m512d {
        unsafe { _mm512_set1_pd(x) }
    }
    #[inline(always)]
    fn load(a: &V) -> __m512d {
        unsafe { _mm512_load_pd(a.0.as_ptr()) }
    }
    #[inline(always)]
    fn store(a: &mut V, v: __m512d) {
        unsafe { _mm512_store_pd(a.0.as_mut_ptr(), v) }
    }
    #[inline(always)]
    fn add(a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_add_pd(a, b) }
    }
    #[inline(always)]
    fn sub(a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_sub_pd(a, b) }
    }
    #[inline(always)]
    fn mul(a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_mul_pd(a, b) }
    }
    #[inline(always)]
    fn sqrt(a: __m512d) -> __m512d {
        unsafe { _mm512_sqrt_pd(a) }
    }
    #[inline(always)]
    fn max(a: __m512d, b: __m512d) -> __m512d {
        // VMAXPD(x, y) = x > y ? x : y, lane by lane (y on NaN or equal)
        unsafe { _mm512_max_pd(b, a) }
    }
    #[inline(always)]
    fn abs(a: __m512d) -> __m512d {
        unsafe { _mm512_abs_pd(a) }
    }
    #[inline(always)]
    fn lt(a: __m512d, b: __m512d) -> __mmask8 {
        unsafe { _mm512_cmp_pd_mask::<_CMP_LT_OQ>(a, b) }
    }
    #[inline(always)]
    fn le(a: __m512d, b: __m512d) -> __mmask8 {
        unsafe { _mm512_cmp_pd_mask::<_CMP_LE_OQ>(a, b) }
    }
    #[inline(always)]
    fn select(m: __mmask8, a: __m512d, b: __m512d) -> __m512d {
        // blend takes the second operand where the mask is set
        unsafe { _mm512_mask_blend_pd(m, b, a) }
    }
    #[inline(always)]
    fn bits(m: __mmask8) -> u8 {
        m
    }
    #[inline(always)]
    fn mask(b: u8) -> __mmask8 {
        b
    }
    #[inline(always)]
    fn load_rng(l: &Lanes) -> [__m512i; 4] {
        l.s.map(|w| unsafe { _mm512_load_epi64(w.0.as_ptr().cast()) })
    }
    #[inline(always)]
    fn store_rng(l: &mut Lanes, s: &[__m512i; 4]) {
        for (w, v) in l.s.iter_mut().zip(s) {
            unsafe { _mm512_store_epi64(w.0.as_mut_ptr().cast(), *v) }
        }
    }
    #[inline(always)]
    fn next_unit(s: &mut [__m512i; 4]) -> __m512d {
        unsafe {
            let [s0, s1, s2, s3] = *s;
            let r = _mm512_add_epi64(_mm512_rol_epi64::<23>(_mm512_add_epi64(s0, s3)), s0);
            let t = _mm512_slli_epi64::<17>(s1);
            let s2 = _mm512_xor_si512(s2, s0);
            let s3 = _mm512_xor_si512(s3, s1);
            let s1 = _mm512_xor_si512(s1, s2);
            let s0 = _mm512_xor_si512(s0, s3);
            let s2 = _mm512_xor_si512(s2, t);
            let s3 = _mm512_rol_epi64::<45>(s3);
            *s = [s0, s1, s2, s3];
            let one = _mm512_set1_epi64(0x3FF0_0000_0000_0000);
            let x = _mm512_or_si512(one, _mm512_srli_epi64::<12>(r));
            _mm512_sub_pd(_mm512_castsi512_pd(x), _mm512_set1_pd(1.0))
        }
    }
    #[inline(always)]
    fn add_sums4(acc: &mut Sums4, a: __m512d, b: __m512d, c: __m512d, e: __m512d) {
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
            let s = _mm512_castpd512_pd256(_mm512_add_pd(lo, hi));
            let p = acc.0.as_mut_ptr();
            _mm256_store_pd(p, _mm256_add_pd(_mm256_load_pd(p), s));
        }
    }
}
