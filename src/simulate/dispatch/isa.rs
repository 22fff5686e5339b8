//! The instruction-set variants of the batched kernel and the run-time choice among them.

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
