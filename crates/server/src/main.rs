//! The `reachin` binary.

use std::process::ExitCode;

fn main() -> ExitCode {
    reachin_server::cli::main()
}
