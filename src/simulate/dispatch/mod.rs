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

use super::batch::{run_block as run, Plan, Workspace, Workspaces};
use super::engine::Runner;
use super::outcomes::Block;
use super::simd::Portable;

/// An instruction-set variant of the batched kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// Whatever the build targets (SSE2 for a baseline x86-64 wheel).
    Baseline,
    /// AVX2 + FMA (x86-64-v3).
    Avx2,
    /// AVX-512 F/VL/DQ/BW on top of AVX2 (x86-64-v4).
    Avx512,
}

impl Isa {
    /// Name as accepted by `PEACEPLAN_ISA`: `baseline`, `avx2`, `avx512`.
    pub fn as_str(self) -> &'static str {
        match self {
            Isa::Baseline => "baseline",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
        }
    }

    /// Whether this CPU can run the variant.
    pub fn supported(self) -> bool {
        match self {
            Isa::Baseline => true,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => {
                Isa::Avx2.supported()
                    && is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512vl")
                    && is_x86_feature_detected!("avx512dq")
                    && is_x86_feature_detected!("avx512bw")
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The widest supported variant (AVX-512, AVX2, baseline); or the variant named by the
    /// environment variable `PEACEPLAN_ISA` (`baseline`, `avx2`, `avx512`) when this CPU
    /// supports it (benchmarks and tests).
    pub fn detect() -> Isa {
        let forced = std::env::var("PEACEPLAN_ISA").ok().and_then(|v| {
            [Isa::Baseline, Isa::Avx2, Isa::Avx512]
                .into_iter()
                .find(|i| i.as_str() == v.trim().to_ascii_lowercase())
        });
        if let Some(i) = forced.filter(|i| i.supported()) {
            return i;
        }
        if Isa::Avx512.supported() {
            Isa::Avx512
        } else if Isa::Avx2.supported() {
            Isa::Avx2
        } else {
            Isa::Baseline
        }
    }
}

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
