//! The HOPEX key checks: `hopex.key` (HOPEX accepts the key) and `hopex.context`
//! (the key opens the profile's repository and HOPEX profile) judge one
//! `_currentContext` answer, asked once per run through
//! [`crate::domain::check::shared::SharedAnswers`].

use crate::clients::hopex::HopexClient;
use crate::clients::http::Timeouts;
use crate::domain::check::hopex as policy;
use crate::domain::check::secrets::{CheckSecrets, HOPEX_KEY_ENV};
use crate::domain::check::shared::HopexAnswer;
use crate::domain::check::Finding;
use crate::domain::hopex::context::shown_id;
use crate::domain::remote_error::Service;

use super::run::{client_failure, missing_secret};

/// Where and how to ask HOPEX.
pub(super) struct HopexTarget<'a> {
    /// Server URL.
    pub server_url: &'a str,
    /// GraphQL schema.
    pub schema: &'a str,
}

fn saas_skip() -> Finding {
    Finding::skip(
        "HOPEX SaaS manages the integration's key itself: nothing to check.",
        None::<String>,
    )
}

/// HOPEX's answer to the key check, asked by the first of this run's checks that
/// needs it; `None` when the key was not given.
async fn answer(
    target: &HopexTarget<'_>,
    secrets: &CheckSecrets,
    timeouts: Timeouts,
) -> Option<HopexAnswer> {
    let key = secrets.hopex_api_key.clone()?;
    let (server_url, schema) = (target.server_url.to_owned(), target.schema.to_owned());
    let ask = || async move {
        let client = HopexClient::new(&server_url, &schema, key, timeouts)?;
        client.check_key().await
    };
    Some(secrets.shared.hopex(ask).await)
}

/// `hopex.key`: HOPEX accepts the key (SaaS: skipped).
pub(super) async fn find_key(
    target: &HopexTarget<'_>,
    saas: bool,
    secrets: &CheckSecrets,
    timeouts: Timeouts,
) -> Finding {
    if saas {
        return saas_skip();
    }
    let Some(answer) = answer(target, secrets, timeouts).await else {
        return missing_secret("the HOPEX API key", HOPEX_KEY_ENV);
    };
    let shown = |id: &Option<String>| id.as_deref().map_or_else(|| "?".to_owned(), shown_id);
    match answer {
        Ok(context) if context.via_fallback => Finding::pass(
            "HOPEX accepted the key (checked on ITPM: this build has no _currentContext).",
        ),
        Ok(context) => Finding::pass(format!(
            "HOPEX accepted the key (user {}, repository {}).",
            shown(&context.user_id),
            shown(&context.repository_id)
        )),
        Err(error) => client_failure(&error, Service::Hopex, secrets),
    }
}

/// `hopex.context`: the key opens the repository and HOPEX profile the profile
/// says; skipped when HOPEX did not answer the key check (`hopex.key` says why).
pub(super) async fn find_context(
    target: &HopexTarget<'_>,
    saas: bool,
    saved: (&str, &str),
    secrets: &CheckSecrets,
    timeouts: Timeouts,
) -> Finding {
    if saas {
        return saas_skip();
    }
    let Some(answer) = answer(target, secrets, timeouts).await else {
        return missing_secret("the HOPEX API key", HOPEX_KEY_ENV);
    };
    match answer {
        Ok(context) => policy::context(&context, saved.0, saved.1),
        Err(_) => Finding::skip(
            "Not compared: HOPEX did not accept the key check, so it did not say which repository the key opens.",
            Some("Fix what \"HOPEX accepts the API key\" reports, then run the check again."),
        ),
    }
}
