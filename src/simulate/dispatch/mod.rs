//! Run-time choice of the instruction set for the batched kernel (DESIGN §5: wheels are built
//! for baseline x86-64; the AVX2 and AVX-512 variants are 2-4x faster).
//!
//! The only `unsafe` code of the crate: the AVX2 and AVX-512 implementations of the kernel's
//! `Simd` trait (modules `avx2` and `avx512`: explicit intrinsics) and the calls of the
//! functions compiled with `#[target_feature]`, which require that the CPU has those features:
//! [`Isa::detect`] checks with `is_x86_feature_detected!` before such a variant is ever
//! selected, and `run_block` re-checks right before the call. The implementations' marker
//! types are private to this module, so nothing else can run their instructions. The kernel
//! itself (`simulate::batch`) is safe, generic code, inlined into each variant; every
//! implementation performs the same IEEE operations (no fused multiply-adds, no
//! reassociation), so every variant gives the same bits.
#![allow(unsafe_code)]

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;

pub(crate) mod isa;

use super::batch::plan::Plan;
use super::batch::run_block as run;
use super::batch::workspace::{Workspace, Workspaces};
use super::outcomes::Block;
use super::runner::Runner;
use super::simd::Portable;
pub use isa::Isa;

/// Run draws `from..to` (one block) with the variant `isa` (falling back to the portable code
/// when unsupported) and the workspace of its lane count.
pub(crate) fn run_block(
    isa: Isa,
    r: &Runner,
    p: &Plan,
    ws: &mut Workspaces,
    from: usize,
    to: usize,
) -> Block {
    #[cfg(target_arch = "x86_64")]
    {
        if isa == Isa::Avx512 && Isa::Avx512.supported() {
            // SAFETY: the CPU has every feature `block_avx512` is compiled with (checked just
            // above by `supported`, which uses `is_x86_feature_detected!`).
            return unsafe { block_avx512(r, p, &mut ws.w16, from, to) };
        }
        if isa == Isa::Avx2 && Isa::Avx2.supported() {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            return unsafe { block_avx2(r, p, &mut ws.w8, from, to) };
        }
    }
    let _ = isa;
    run::<8, Portable>(r, p, &mut ws.w8, from, to)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn block_avx2(r: &Runner, p: &Plan, ws: &mut Workspace<8>, from: usize, to: usize) -> Block {
    run::<8, avx2::Avx2>(r, p, ws, from, to)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw,avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn block_avx512(r: &Runner, p: &Plan, ws: &mut Workspace<16>, from: usize, to: usize) -> Block {
    run::<16, avx512::Avx512>(r, p, ws, from, to)
}
