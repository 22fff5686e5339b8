//! Office reader (TOML when the text parses as TOML, else JSON) -> `issues()`; a sound office
//! must give its pools at every point without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peaceplan::{Office, Point};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(office) = Office::from_toml_str(text).or_else(|_| Office::from_json_str(text)) else {
        return;
    };
    if office.issues().is_empty() {
        for point in [Point::Mode, Point::Mean, Point::Min, Point::Quantile(0.9)] {
            for professional_only in [false, true] {
                let _ = office.pools(point, professional_only);
            }
        }
        let _ = office.post_count(false);
        let _ = office.post_cost_usd_per_year();
    }
});
