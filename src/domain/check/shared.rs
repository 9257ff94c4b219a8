//! What the checks of one run share, so that two checks needing the same answer
//! ask the server once: `hopex.key` and `hopex.context` both judge one
//! `_currentContext` answer. A new value is made for every run (it lives beside
//! the run's secrets in [`super::secrets::CheckSecrets`]), so running the checks
//! again asks again.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::domain::hopex::HopexContext;
use crate::domain::remote_error::ClientError;

/// HOPEX's answer to the key check.
pub type HopexAnswer = Result<HopexContext, ClientError>;

/// The answers shared by the checks of one run. Clones share them.
#[derive(Clone, Default)]
pub struct SharedAnswers {
    hopex: Arc<OnceCell<HopexAnswer>>,
}

impl SharedAnswers {
    /// HOPEX's answer to the key check: asked with `ask` by the first check that
    /// needs it; the others wait for that answer. A check stopped while asking
    /// leaves the asking to the next one.
    pub async fn hopex<F, Fut>(&self, ask: F) -> HopexAnswer
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = HopexAnswer>,
    {
        self.hopex.get_or_init(ask).await.clone()
    }
}

impl std::fmt::Debug for SharedAnswers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedAnswers")
            .field("hopex_asked", &self.hopex.initialized())
            .finish()
    }
}
