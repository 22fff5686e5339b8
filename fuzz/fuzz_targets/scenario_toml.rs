//! TOML scenario reader: any bytes -> `Scenario::from_toml_str` -> `issues()`; a sound scenario
//! must write back to TOML and read again as a sound scenario. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peaceplan::Scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(sc) = Scenario::from_toml_str(text) else {
        return;
    };
    if sc.issues().is_empty() {
        let written = sc.to_toml_string().expect("a sound scenario writes as TOML");
        let again = Scenario::from_toml_str(&written).expect("written TOML reads back");
        assert!(again.issues().is_empty(), "read back: {:?}", again.issues());
    }
});
