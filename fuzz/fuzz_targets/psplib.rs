//! PSPLIB readers: the first byte picks single-mode, multi-mode, a reference table or the
//! bounds CSV; the rest is the text. A parsed instance must validate without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peaceplan::psplib::{parse_instance, parse_reference_bounds, parse_table, Variant};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 4 {
        0 | 1 => {
            let variant = if which % 4 == 0 {
                Variant::SingleMode
            } else {
                Variant::MultiMode
            };
            if let Ok(inst) = parse_instance(text, "fuzz", variant) {
                let _ = inst.scenario.issues();
            }
        }
        2 => {
            let _ = parse_table(text, "j30");
        }
        _ => {
            let _ = parse_reference_bounds(text);
        }
    }
});
