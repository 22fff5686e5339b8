//! [`Simd`] on AVX-512: one `zmm` register per eight lanes, `k` registers for masks.
//!
//! SAFETY (whole module): every function here executes AVX-512 F instructions. The marker
//! [`Avx512`] is private to [`super`], which instantiates the kernel with it only inside
//! `batch_avx512`, a `#[target_feature]` function called after `Isa::Avx512.supported()`
//! confirmed the CPU has the features. Loads and stores go through `&V` / `&W` (64-byte
//! aligned, eight lanes), so the aligned forms read and write exactly that memory.

use std::arch::x86_64::*;

use crate::simulate::simd::{Lanes, Simd, V};

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
}
