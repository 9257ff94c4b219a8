//! What every rotation flow (the Hub key's, the HOPEX key's) shares with the
//! journal and the lock: a step is applied to a copy of the rotation, the copy
//! is written to the journal, and only when the write returns does it become
//! the rotation the screen shows. The lock is taken before the first step and
//! released when the rotation ends or the flow is left.

use std::time::Instant;

use crate::domain::rotation::{Event, Phase, Rotation};
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::job::{Job, StoreJob};
use crate::flows::task::TaskId;
use crate::store::StoreError;

/// A flow's rotation and the journal write under way, borrowed from the flow.
pub struct RotationJournal<'a> {
    /// The rotation as recorded in the journal (durable).
    pub rotation: &'a mut Option<Rotation>,
    /// A transition being written to the journal, and its task.
    pub pending: &'a mut Option<(TaskId, Rotation)>,
    /// Why the last transition was refused or could not be recorded.
    pub refusal: &'a mut Option<String>,
}

impl RotationJournal<'_> {
    /// Applies `event` to a copy of the rotation and asks the runtime to record
    /// it; a refusal is kept for the screen and nothing is written.
    pub fn commit(self, event: Event, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(mut next) = self.rotation.clone() else {
            return Vec::new();
        };
        if let Err(refusal) = next.apply(event, cx.now.utc) {
            *self.refusal = Some(refusal.to_string());
            return Vec::new();
        }
        self.save(next, cx)
    }

    /// Asks the runtime to record `rotation`; it becomes the flow's rotation
    /// once the write returns ([`RotationJournal::on_saved`]).
    pub fn save(self, rotation: Rotation, cx: &mut Context<'_>) -> Vec<Command> {
        *self.refusal = None;
        let (task, command) = cx.start(Job::Store(StoreJob::SaveJournal(Box::new(
            rotation.clone(),
        ))));
        *self.pending = Some((task, rotation));
        vec![command]
    }

    /// The journal's answer to `task`: `Some(Ok(phase))` when the pending
    /// rotation is now recorded (and is the flow's), `Some(Err(error))` when it
    /// could not be (nothing changed; the refusal says so), `None` when `task`
    /// was not the pending write.
    pub fn on_saved(
        self,
        task: TaskId,
        result: Result<(), StoreError>,
    ) -> Option<Result<Phase, String>> {
        let (pending, rotation) = self.pending.take()?;
        if pending != task {
            *self.pending = Some((pending, rotation));
            return None;
        }
        Some(match result {
            Ok(()) => {
                let phase = rotation.phase;
                *self.rotation = Some(rotation);
                Ok(phase)
            }
            Err(error) => {
                let message = error.to_string();
                *self.refusal = Some(format!(
                    "The step could not be recorded, so nothing changed: {message}"
                ));
                Err(message)
            }
        })
    }
}

/// A flow's hold on its rotation's lock, borrowed from the flow.
pub struct RotationLockHold<'a> {
    /// Requested, held, or refused.
    pub lock: &'a mut Activity,
    /// The lock was refused because another nowkey holds it.
    pub held_elsewhere: &'a mut bool,
}

impl RotationLockHold<'_> {
    /// Asks the runtime for the lock of `profile`'s `credential`.
    pub fn request(
        self,
        profile: String,
        credential: crate::domain::rotation::Credential,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        *self.held_elsewhere = false;
        vec![self.lock.start(
            Job::Store(StoreJob::LockRotation {
                profile,
                credential,
            }),
            cx,
        )]
    }

    /// The runtime's answer to `task`: `Some(true)` when the lock is now held,
    /// `Some(false)` when it was refused, `None` when `task` was not the request.
    pub fn on_answer(
        self,
        task: TaskId,
        result: Result<(), StoreError>,
        now: Instant,
    ) -> Option<bool> {
        if self.lock.running_task() != Some(task) {
            return None;
        }
        let ok = result.is_ok();
        *self.held_elsewhere = matches!(result, Err(StoreError::RotationBusy { .. }));
        let result = result
            .map(|()| "Locked".to_owned())
            .map_err(|error| error.to_string());
        self.lock.finish(task, now, result);
        Some(ok)
    }
}

/// The command releasing `rotation`'s lock.
pub fn unlock(rotation: &Rotation) -> Command {
    Command::UnlockRotation {
        profile: rotation.profile.clone(),
        credential: rotation.credential,
    }
}
