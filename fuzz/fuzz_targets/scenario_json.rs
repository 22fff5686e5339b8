//! JSON scenario reader: any bytes -> `Scenario::from_json_str` -> `issues()`; a sound scenario
//! must write back to JSON and read again unchanged. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peaceplan::Scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(sc) = Scenario::from_json_str(text) else {
        return;
    };
    if sc.issues().is_empty() {
        let written = sc.to_json_string().expect("a sound scenario writes as JSON");
        let again = Scenario::from_json_str(&written).expect("written JSON reads back");
        assert!(again.issues().is_empty(), "read back: {:?}", again.issues());
    }
});
