//! The yes/no questions asked before something that cannot be undone: quitting
//! or cancelling with a secret the service will not show again, and abandoning
//! a rotation. Each has its own binding table: `y` is yes; `n`, Esc and Enter
//! are no, the safe default being to keep what was entered.

use super::bindings::Bindings;
use super::key::Key;

/// A secret that leaving now would lose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretLoss {
    /// The Hub API secret captured in the SMS setup.
    HubSecret,
    /// The HOPEX API key captured in the HOPEX setup.
    HopexKey,
    /// The new Hub secret of a rotation in progress.
    NewHubSecret,
    /// The new HOPEX API key of a rotation in progress.
    NewHopexKey,
}

impl SecretLoss {
    /// What is lost, and what it costs, in a sentence or two.
    pub fn text(self) -> &'static str {
        match self {
            SecretLoss::HubSecret => "The API secret you entered will be lost. The Hub shows a secret only once, so you would have to create a new key.",
            SecretLoss::HopexKey => "The HOPEX API key you entered will be lost. The console shows a key only once, so you would have to create a new one.",
            SecretLoss::NewHopexKey => "The new HOPEX API key will be lost from memory. The rotation keeps its place: when you resume, paste the new key again (HOPEX V6.2 and later can show it again), or abandon the rotation and revoke the new key.",
            SecretLoss::NewHubSecret => "The new API secret will be lost from memory. The rotation keeps its place: when you resume, paste the new secret again, or abandon the rotation and delete the new key.",
        }
    }
}

/// A question over the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Quit nowkey (Ctrl-C) although a secret would be lost.
    Quit(SecretLoss),
    /// Cancel the setup (Esc) although a secret would be lost.
    Discard(SecretLoss),
    /// Abandon the rotation: the old key stays, the new one is to be deleted.
    AbandonRotation,
}

/// The answer to a [`Question`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Go ahead.
    Yes,
    /// Keep everything as it is.
    No,
}

impl Question {
    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            Question::Quit(_) => "Quit nowkey?",
            Question::Discard(_) => "Cancel the setup?",
            Question::AbandonRotation => "Abandon the rotation?",
        }
    }

    /// What answering yes does.
    pub fn text(self) -> &'static str {
        match self {
            Question::Quit(loss) | Question::Discard(loss) => loss.text(),
            Question::AbandonRotation => "nowkey stops this rotation and changes nothing itself (not in the Hub, ServiceNow or HOPEX). The next screen says what to undo by hand: which key to keep and which, if any, to delete or revoke.",
        }
    }

    /// The question's bindings.
    pub fn bindings(self) -> Bindings<Answer> {
        let mut b = Bindings::new();
        let yes = match self {
            Question::Quit(_) => "yes, quit",
            Question::Discard(_) => "yes, discard it",
            Question::AbandonRotation => "yes, abandon",
        };
        b.add(
            &[Key::Char('y'), Key::Char('Y')],
            yes,
            "Go ahead.",
            Answer::Yes,
        );
        b.add(
            &[Key::Char('n'), Key::Char('N'), Key::Esc, Key::Enter],
            "no, go back",
            "Keep everything as it is and go back.",
            Answer::No,
        )
        .shown("n/Esc");
        b
    }
}
