//! Helpers shared by the tests that run the `compose-lint` binary.

use std::process::Command;

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Output {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// A command for the binary, without colour (`NO_COLOR=1`).
pub(crate) fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_compose-lint"));
    command.env("NO_COLOR", "1");
    command
}

/// Runs `command` and collects what it did; a run killed by a signal (a
/// stack overflow or an abort) fails the test.
pub(crate) fn collect(mut command: Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().unwrap_or_else(|| {
        panic!(
            "{command:?} was killed ({}): stack overflow or abort?\nstdout:\n{stdout}\nstderr:\n{stderr}",
            output.status
        )
    });
    Output {
        code,
        stdout,
        stderr,
    }
}
