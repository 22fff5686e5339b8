//! Portfolio reader (TOML, else JSON) -> `issues()`; a sound portfolio writes back and reads
//! again. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peaceplan::capacity::Portfolio;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(p) = Portfolio::from_toml_str(text).or_else(|_| Portfolio::from_json_str(text)) else {
        return;
    };
    if p.issues().is_empty() {
        let written = p.to_toml_string().expect("a sound portfolio writes as TOML");
        let again = Portfolio::from_toml_str(&written).expect("written TOML reads back");
        assert!(again.issues().is_empty(), "read back: {:?}", again.issues());
    }
});
