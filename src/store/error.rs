//! The one error type of the store. Every message names the file or folder and
//! says what to do next, because it is shown to the operator as is.

use std::path::PathBuf;

use crate::domain::profile::ProfileNameError;

/// Why reading or writing nowkey's files failed.
///
/// Holds paths and OS errors only: nothing here can carry a secret, since the
/// store never handles one.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No explicit folder was given and the platform has no config folder (no home).
    #[error(
        "Could not find a folder for nowkey's settings (no home directory); pass --config-dir DIR or set NOWKEY_CONFIG_DIR."
    )]
    NoConfigDir,

    /// The config folder could not be created.
    #[error("Could not create the folder {} ({source}); check its permissions or pass --config-dir DIR.", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },

    /// A file exists but could not be read.
    #[error("Could not read {} ({source}); check the file's permissions.", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },

    /// A file in the config folder is a symbolic link: nowkey never follows one
    /// there, since another user or program may have planted it to make nowkey
    /// write, lock or change the permissions of another file.
    #[error("{} is a symbolic link; nowkey does not follow links in its config folder: remove the link (rm {}) and try again.", path.display(), path.display())]
    Symlink {
        /// The link.
        path: PathBuf,
    },

    /// A file in the config folder is not a plain file nowkey can own: a device, a
    /// FIFO, a folder, or a file with other names (hard links).
    #[error("{} cannot be used: {why}; move it aside and try again.", path.display())]
    NotPrivateFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: &'static str,
    },

    /// A file could not be opened (other than it being missing).
    #[error("Could not open {} ({source}); check the file's permissions.", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },

    /// A file is larger than anything nowkey writes there.
    #[error("{} is larger than {limit} bytes, far more than nowkey ever writes there, so it was not read: move it aside and try again.", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The most nowkey reads.
        limit: u64,
    },

    /// The config folder (or one nowkey keeps inside it) is not private: another
    /// user could plant files nowkey reads or writes.
    #[error("nowkey will not use the folder {}: {problem}, so another user could plant files nowkey reads or writes. Fix it: {fix}.", path.display())]
    UnsafeDir {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        problem: String,
        /// The command or step that fixes it.
        fix: String,
    },

    /// A file that should be TOML text is not UTF-8.
    #[error("{} is not UTF-8 text (line {line} has bytes that are not); save it as UTF-8, or move it aside and try again.", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
    },

    /// A profile in `profiles.toml` has a name or a field nowkey would refuse if it
    /// were typed in the wizard.
    #[error("{} is not a valid profiles file (line {line}: {}): fix that line or move the file aside and try again.", path.display(), match (profile, field) {
        (Some(profile), Some(field)) => format!("profile '{profile}', {field}: {}", reason.trim_end_matches('.')),
        (Some(profile), None) => format!("profile '{profile}': {}", reason.trim_end_matches('.')),
        (None, Some(field)) => format!("{field}: {}", reason.trim_end_matches('.')),
        (None, None) => reason.trim_end_matches('.').to_owned(),
    })]
    InvalidProfile {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// The profile, escaped for display (control characters shown as `\u{..}`).
        profile: Option<String>,
        /// The field (a TOML key path inside the profile), escaped for display.
        field: Option<String>,
        /// What is wrong and what a good value looks like; never the bad value.
        reason: String,
    },

    /// `profiles.toml` is not valid TOML or does not match the format.
    #[error("{} is not a valid profiles file ({}{message}); fix that line or move the file aside and try again.", path.display(), line.map(|n| format!("line {n}: ")).unwrap_or_default())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem, when the parser knows it.
        line: Option<usize>,
        /// The parser's message (without the quoted source text).
        message: String,
    },

    /// `profiles.toml` was written by a newer nowkey.
    #[error("{} uses profiles format version {found}, newer than this nowkey understands ({supported}); upgrade nowkey before changing it.", path.display())]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },

    /// A file could not be written.
    #[error("Could not write {} ({source}); check free space and the folder's permissions.", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },

    /// The lock that serialises writers of `profiles.toml` could not be taken.
    #[error("Could not lock {} ({source}); check the folder's permissions, or whether another nowkey is stuck.", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },

    /// The profile name is not one nowkey accepts.
    #[error("Profile '{}' was not saved to {}: {reason}", crate::domain::profile_rules::shown(name), path.display())]
    BadProfileName {
        /// The name as given.
        name: String,
        /// The profiles file it was meant for.
        path: PathBuf,
        /// Why the name was refused (already says what to do).
        reason: ProfileNameError,
    },

    /// A profile about to be saved has a field nowkey would refuse when reading
    /// the file back; saving it would leave a file no command can read.
    #[error("Profile '{}' was not saved to {}: {problem}; this is a nowkey bug, please report it.", crate::domain::profile_rules::shown(name), path.display())]
    BadProfileField {
        /// The profile.
        name: String,
        /// The profiles file it was meant for.
        path: PathBuf,
        /// The field and what is wrong with it (never its value).
        problem: crate::domain::profile_rules::FieldProblem,
    },

    /// Serialising profiles or a rotation journal failed. Should not happen with the
    /// types we have.
    #[error("Could not write {} as TOML ({message}); this is a nowkey bug, please report it.", path.display())]
    Serialize {
        /// The file it was meant for.
        path: PathBuf,
        /// The serializer's message.
        message: String,
    },

    /// A rotation journal is not valid TOML, does not match the format, or belongs
    /// to another profile.
    #[error("{} is not a valid rotation journal ({}{message}), so nowkey leaves it as it is and cannot rotate this profile: fix that line, or move the file aside to start over once you know which key ServiceNow uses.", path.display(), line.map(|n| format!("line {n}: ")).unwrap_or_default())]
    JournalMalformed {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem, when the parser knows it.
        line: Option<usize>,
        /// What is wrong (never the quoted source text).
        message: String,
    },

    /// A rotation journal was written by a newer nowkey.
    #[error("{} uses rotation journal format version {found}, newer than this nowkey understands ({supported}), so nowkey leaves it as it is: finish the rotation with the newer nowkey.", path.display())]
    JournalNewerFormat {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },

    /// A rotation journal is a symbolic link: nowkey never follows one it did not
    /// make, and never writes over it.
    #[error("{} is a symbolic link, not a journal nowkey wrote, so nowkey neither reads nor replaces it: put the real journal there, or move the link aside to start over once you know which key ServiceNow uses.", path.display())]
    JournalSymlink {
        /// The link.
        path: PathBuf,
    },

    /// Writing a new rotation's first step would replace the journal of another
    /// rotation of the same profile still in progress.
    #[error("{} holds another rotation of profile '{profile}' still in progress, so nowkey does not write over it: resume it with nowkey rotate --profile {profile}, or move the file aside.", path.display())]
    JournalInProgress {
        /// The journal.
        path: PathBuf,
        /// The profile.
        profile: String,
    },

    /// The work on a file stopped before it finished (the task running it
    /// panicked or was shut down); nothing is known to be written.
    #[error("{what} stopped before it finished; try again, and send nowkey.log to support if it happens again.")]
    Interrupted {
        /// What was being done ("Saving the profile").
        what: &'static str,
    },

    /// Another process holds the rotation lock of this profile.
    #[error("Another nowkey is rotating the key of profile '{profile}' right now; finish or quit that one first, then try again.")]
    RotationBusy {
        /// The profile.
        profile: String,
    },

    /// Another `nowkey demo` holds the demo's lock.
    #[error("Another nowkey demo is running on this folder ({}); quit it first, then start the demo again.", .path.display())]
    DemoBusy {
        /// The lock file.
        path: PathBuf,
    },
}

impl StoreError {
    /// True when the error is about what a file holds, or where nowkey was told to
    /// keep its files (a damaged or hand-edited file, a planted link, an unsafe
    /// folder): an input error the operator fixes, not a failure of nowkey or the
    /// system. Commands map it to their "usage or input error" exit code.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            StoreError::Malformed { .. }
                | StoreError::NewerFormat { .. }
                | StoreError::BadProfileName { .. }
                | StoreError::JournalMalformed { .. }
                | StoreError::JournalNewerFormat { .. }
                | StoreError::JournalSymlink { .. }
                | StoreError::Symlink { .. }
                | StoreError::NotPrivateFile { .. }
                | StoreError::TooLarge { .. }
                | StoreError::UnsafeDir { .. }
                | StoreError::NotUtf8 { .. }
                | StoreError::InvalidProfile { .. }
        )
    }
}
