//! The last step of both setups: name the profile and save it (never a secret).

use std::path::PathBuf;
use std::time::Instant;

use super::activity::Activity;
use super::command::Command;
use super::context::Context;
use super::form::{Form, FormField};
use super::job::{Job, StoreJob};
use super::task::TaskId;
use crate::domain::profile::{validate_profile_name, Profile};
use crate::store::StoreError;

/// The profile name field and the save under way or done.
#[derive(Debug)]
pub struct SaveStep {
    /// The profile name (a one-field form).
    pub name: Form,
    /// Saving.
    pub activity: Activity,
}

impl SaveStep {
    /// The step with the name field pre-filled.
    pub fn new(default_name: &str) -> Self {
        Self {
            name: Form::single(FormField::text("Profile name", default_name)),
            activity: Activity::Idle,
        }
    }

    /// True while the save runs.
    pub fn running(&self) -> bool {
        self.activity.running_task().is_some()
    }

    /// Checks the name beside its field and starts saving `profile` under it.
    /// `profile` is `None` when the flow has nothing to save yet.
    pub fn start(&mut self, profile: Option<Profile>, cx: &mut Context<'_>) -> Vec<Command> {
        if self.running() {
            return Vec::new();
        }
        let name = validate_profile_name(self.name.text(0));
        let Some(name) = self.name.check(0, name) else {
            return Vec::new();
        };
        let Some(profile) = profile else {
            return Vec::new();
        };
        let command = self.activity.start(
            Job::Store(StoreJob::SaveProfile {
                name,
                profile: Box::new(profile),
            }),
            cx,
        );
        vec![command]
    }

    /// The save finished; true when it saved the profile just now.
    pub fn on_saved(
        &mut self,
        task: TaskId,
        result: Result<PathBuf, StoreError>,
        now: Instant,
    ) -> bool {
        let result = result
            .map(|path| format!("Saved to {}", path.display()))
            .map_err(|error| error.to_string());
        let ok = result.is_ok();
        self.activity.finish(task, now, result) && ok
    }
}
