//! `nowkey encode`: the spoke token for a key and secret.

use std::io::Write;
use std::time::Duration;

use super::exit::CommandError;
use super::secrets::{api_key, api_secret};
use crate::cli::EncodeArgs;
use crate::clipboard::{Clipboard, ClipboardMode};
use crate::domain::token::HubCredentials;

/// How long `--copy` keeps the token on the clipboard.
const COPY_HOLD: Duration = Duration::from_secs(30);

/// Runs `nowkey encode`.
pub fn run(args: &EncodeArgs) -> Result<(), CommandError> {
    let key = api_key(args.key.as_deref(), None)?;
    let secret = api_secret()?;
    let token = HubCredentials { key, secret }.token();
    let fingerprint = token.fingerprint();
    if args.copy {
        let mut clipboard = Clipboard::new(ClipboardMode::from_env());
        let how = clipboard
            .copy_secret(token.expose())
            .map_err(|e| CommandError::failed(e.to_string()))?;
        eprintln!(
            "{} (Fingerprint {fingerprint}.) It is cleared in {}s; press Ctrl-C to clear it now.",
            how.describe("token"),
            COPY_HOLD.as_secs()
        );
        // The clipboard must stay alive for the content to stay available (X11),
        // and the clear on drop runs on Ctrl-C too.
        wait_or_interrupt(COPY_HOLD);
        clipboard.clear_if_unchanged();
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    let written = if args.header {
        writeln!(stdout, "Authorization: Basic {}", token.expose())
    } else {
        writeln!(stdout, "{}", token.expose())
    };
    written.map_err(|e| CommandError::failed(format!("Could not write the token: {e}.")))?;
    eprintln!("fingerprint {fingerprint}");
    Ok(())
}

fn wait_or_interrupt(hold: Duration) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(async {
            tokio::select! {
                _ = tokio::time::sleep(hold) => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }),
        Err(_) => std::thread::sleep(hold),
    }
}
