//! One blocking keyring call on its own thread, waited for until a deadline.
//!
//! The keyring crates block: a Secret Service behind a locked keyring waits on an
//! unlock prompt nobody may ever see, a dead daemon never answers. A blocked
//! thread cannot be cancelled, so it is abandoned: the caller gets
//! [`KeyringError::TimedOut`] and the thread finishes (or not) on its own. Its
//! late result is dropped, and a secret in it zeroizes itself on drop.
//!
//! The platform store behind `keyring` is one per process and serialises calls
//! behind a mutex, so while an abandoned call still runs every new call would
//! queue behind it: those fail at once instead of waiting out the timeout again.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::KeyringError;

/// Where a call's result meets its caller.
struct Slot<T> {
    state: Mutex<State<T>>,
    done: Condvar,
}

enum State<T> {
    Running,
    Done(Result<T, KeyringError>),
    /// The caller gave up; the worker drops its result and uncounts itself.
    Abandoned,
}

/// Runs `call` on a new thread and waits at most `timeout` for it.
///
/// `stuck` counts abandoned calls still running; while it is not zero, no new
/// thread is started and the answer is [`KeyringError::Busy`] at once.
pub(super) fn call_with_deadline<T: Send + 'static>(
    timeout: Duration,
    stuck: &'static AtomicUsize,
    call: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
) -> Result<T, KeyringError> {
    if stuck.load(Ordering::SeqCst) > 0 {
        return Err(KeyringError::Busy);
    }
    let slot = Arc::new(Slot {
        state: Mutex::new(State::Running),
        done: Condvar::new(),
    });
    let worker = Arc::clone(&slot);
    std::thread::Builder::new()
        .name("nowkey-keyring".to_owned())
        .spawn(move || {
            // A panic inside the keyring crates (they `expect` on their mutex)
            // must reach the caller as an error, not leave it waiting.
            let result = panic::catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|_| {
                Err(KeyringError::Platform {
                    detail: "the keyring library stopped unexpectedly".to_owned(),
                })
            });
            let mut state = lock(&worker.state);
            if matches!(*state, State::Abandoned) {
                stuck.fetch_sub(1, Ordering::SeqCst);
            } else {
                *state = State::Done(result);
                worker.done.notify_one();
            }
        })
        .map_err(|err| KeyringError::Platform {
            detail: format!("could not start a thread for the keyring call: {err}"),
        })?;

    let (mut state, _) = slot
        .done
        .wait_timeout_while(lock(&slot.state), timeout, |state| {
            matches!(state, State::Running)
        })
        .unwrap_or_else(PoisonError::into_inner);
    match std::mem::replace(&mut *state, State::Abandoned) {
        State::Done(result) => result,
        // Counted under the slot's lock, so the worker cannot finish unseen between
        // the timeout and this line.
        State::Running | State::Abandoned => {
            stuck.fetch_add(1, Ordering::SeqCst);
            Err(KeyringError::TimedOut { after: timeout })
        }
    }
}

/// Locks a slot; a poisoned lock still holds a valid state (nothing here panics
/// while holding it), so poisoning is ignored rather than unwrapped.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn a_quick_call_returns_its_result() {
        static STUCK: AtomicUsize = AtomicUsize::new(0);
        let got = call_with_deadline(Duration::from_secs(5), &STUCK, || Ok(42));
        assert_eq!(got, Ok(42));
        let err = call_with_deadline::<()>(Duration::from_secs(5), &STUCK, || {
            Err(KeyringError::Platform { detail: "x".into() })
        });
        assert_eq!(err, Err(KeyringError::Platform { detail: "x".into() }));
        assert_eq!(STUCK.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_hung_call_times_out_and_later_calls_fail_fast_until_it_ends() {
        static STUCK: AtomicUsize = AtomicUsize::new(0);
        let timeout = Duration::from_millis(100);
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let started = Instant::now();
        let got = call_with_deadline(timeout, &STUCK, move || {
            let _ = hold.recv();
            Ok(1)
        });
        assert_eq!(got, Err(KeyringError::TimedOut { after: timeout }));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(STUCK.load(Ordering::SeqCst), 1);

        // The store is still busy: no new thread, no second wait.
        let started = Instant::now();
        let again = call_with_deadline(Duration::from_secs(30), &STUCK, || Ok(2));
        assert_eq!(again, Err(KeyringError::Busy));
        assert!(started.elapsed() < Duration::from_secs(1));

        // Once the hung call ends, calls go through again.
        release.send(()).ok();
        let deadline = Instant::now() + Duration::from_secs(10);
        while STUCK.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(call_with_deadline(timeout, &STUCK, || Ok(3)), Ok(3));
    }

    #[test]
    fn a_panicking_call_is_a_platform_error() {
        static STUCK: AtomicUsize = AtomicUsize::new(0);
        let got = call_with_deadline::<()>(Duration::from_secs(5), &STUCK, || {
            panic!("boom (expected by this test)")
        });
        assert!(matches!(got, Err(KeyringError::Platform { .. })), "{got:?}");
    }
}
