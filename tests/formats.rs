//! Every output format end to end.
#[test]
fn placeholder() {}
