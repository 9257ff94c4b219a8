//! The HOPEX version gate: which HOPEX builds can run the ServiceNow integration.
//!
//! The HOPEX prerequisites: V5 CP6 from Hotfix 27, V5 CP7 from Hotfix 10, V6 SP1 from CU4,
//! or later. [`parse`] reads what admins type, [`check_gate`] applies the rule, and
//! [`check`] does both for the version field.
//!
//! # Accepted forms
//!
//! Case does not matter, and spaces, dots, dashes and underscores may separate the
//! parts (`V5 CP6 HF27`, `v5-cp6-hf27`, `V5_CP6_HF27`, `V5CP6HF27`). A leading `HOPEX`
//! is ignored, and so is the `V` before the major version (`6.1`).
//!
//! | Typed                        | Read as                          |
//! |------------------------------|----------------------------------|
//! | `V5 CP6 HF27`, `V5 CP6 Hotfix 27` | V5, CP 6, hotfix 27         |
//! | `V5 CP6`, `V5`               | V5 without the detail the gate needs |
//! | `V6 SP1 CU4`, `V6 SP2`, `V6` | V6 with its service pack and cumulative update |
//! | `V6.2`, `6.2`                | V6 SP2 (`V<6+>.<n>` is read as service pack *n*) |
//! | `V6.1 CU4`                   | V6 SP1 CU4                       |
//! | `V6.2.1`                     | V6 SP2, with a third number kept in `minor` and *not* read as a CU (so `V6.1.x` still asks for the CU) |
//! | `V7`, `V7 SP1`, `V7.1`       | V7 and later: always new enough  |
//! | `V4`, `V4.1`, `V1R3`, `V3 CP4` | older majors (`.n` or `R n` kept in `minor`): always too old |
//!
//! Refused as unreadable:
//! - `V5.6` and other dotted V5 numbers: V5 builds are named by CP and hotfix, and a
//!   dotted number does not say which is meant, so the operator is asked to type
//!   `V5 CP6 HF27` rather than nowkey guessing.
//! - a keyword without its number (`V`, `V5 CP`, `V5 CP6 HF`), a part without the
//!   major (`CP6`), parts out of order or repeated (`V5 HF27 CP6`), V5 parts on V6 or
//!   the reverse (`V5 SP1`, `V6 CP6`), unknown words, non-ASCII digits or letters,
//!   and numbers over [`MAX_NUMBER`].
//! - a dash straight before a number that belongs to a keyword (`HF-27`, `-5`) is read
//!   as a minus sign and refused: versions are never negative. Dashes between parts
//!   (`V5-CP6-HF27`) are fine.

use std::fmt;

use thiserror::Error;

/// Largest number accepted in any part of a version. HOPEX numbers are small; a
/// bigger one is a typing or pasting mistake.
pub const MAX_NUMBER: u32 = 999;

/// The oldest V5 CP6 build that works.
pub const MIN_V5_CP6: &str = "V5 CP6 HF27";
/// The oldest V5 CP7 build that works.
pub const MIN_V5_CP7: &str = "V5 CP7 HF10";
/// The oldest V6 build that works.
pub const MIN_V6: &str = "V6 SP1 CU4";

/// A HOPEX version as the operator gave it. Only the parts that were typed are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HopexVersion {
    /// The major version: the 5 of `V5`.
    pub major: u32,
    /// Cumulative patch (V5 and older): the 6 of `CP6`.
    pub cp: Option<u32>,
    /// Hotfix within the CP (V5 and older): the 27 of `HF27`.
    pub hf: Option<u32>,
    /// Service pack (V6 and later): the 1 of `SP1`, or the 2 of `V6.2`.
    pub sp: Option<u32>,
    /// Cumulative update within the service pack (V6 and later): the 4 of `CU4`.
    pub cu: Option<u32>,
    /// A number the gate does not interpret: the 3 of `V4.3` or `V1R3`, the 1 of
    /// `V6.2.1`.
    pub minor: Option<u32>,
}

impl HopexVersion {
    /// Just a major version, e.g. `V7`.
    pub fn major(major: u32) -> Self {
        Self {
            major,
            cp: None,
            hf: None,
            sp: None,
            cu: None,
            minor: None,
        }
    }

    /// A V5-style version: `V5 CP6 HF27`.
    pub fn v5(cp: u32, hf: Option<u32>) -> Self {
        Self {
            cp: Some(cp),
            hf,
            ..Self::major(5)
        }
    }

    /// A V6-style version: `V6 SP1 CU4`.
    pub fn v6(sp: u32, cu: Option<u32>) -> Self {
        Self {
            sp: Some(sp),
            cu,
            ..Self::major(6)
        }
    }
}

/// Canonical form: `V5 CP6 HF27`, `V6 SP1 CU4`, `V7`, `V4.1`, and `V6.2.1` when a
/// third dotted number was given. For every version [`parse`] returns, parsing the
/// displayed text gives the same version back.
impl fmt::Display for HopexVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V{}", self.major)?;
        let mut sp = self.sp;
        match (self.sp, self.minor) {
            (Some(s), Some(m)) if self.major >= 6 => {
                write!(f, ".{s}.{m}")?;
                sp = None;
            }
            (_, Some(m)) => write!(f, ".{m}")?,
            _ => {}
        }
        let parts = [
            ("CP", self.cp),
            ("HF", self.hf),
            ("SP", sp),
            ("CU", self.cu),
        ];
        for (label, value) in parts {
            if let Some(n) = value {
                write!(f, " {label}{n}")?;
            }
        }
        Ok(())
    }
}

/// Why a version was refused. Each message is shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VersionError {
    /// Nothing typed.
    #[error("Enter the HOPEX version, e.g. V5 CP6 HF27 or V6 SP1 CU4.")]
    Empty,
    /// Not a version nowkey can read; `reason` says what was wrong.
    #[error("{reason}")]
    Unreadable {
        /// What was wrong with the text.
        reason: ReadProblem,
    },
    /// Readable, but older than the integration supports.
    #[error(
        "{version} is too old for the ServiceNow integration: it needs {minimum} or later{}.",
        alternatives(minimum)
    )]
    TooOld {
        /// The version given.
        version: HopexVersion,
        /// The minimum on the version's own line, e.g. `V5 CP6 HF27`.
        minimum: &'static str,
    },
    /// Readable, but missing the part the gate decides on (e.g. the hotfix of V5 CP6).
    #[error(
        "{version} is not enough to check the version: enter the {needed} too, e.g. {example}."
    )]
    NeedsDetail {
        /// The version given.
        version: HopexVersion,
        /// What to add, e.g. `hotfix`.
        needed: &'static str,
        /// A complete version on that line that passes, e.g. `V5 CP6 HF27`.
        example: &'static str,
    },
}

/// The other supported lines, named after the one a message leads with.
fn alternatives(minimum: &str) -> &'static str {
    match minimum {
        MIN_V5_CP6 => " (or V5 CP7 HF10, V6 SP1 CU4)",
        MIN_V5_CP7 => " (or V6 SP1 CU4)",
        _ => "",
    }
}

/// What made a version unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReadProblem {
    /// No major version at the start (`CP6`, `HOPEX`).
    #[error("Start with the major version, e.g. V5 CP6 HF27 or V6 SP1 CU4.")]
    NoMajor,
    /// A keyword without its number (`V`, `V5 CP`, `V5 CP6 HF`).
    #[error("Each of V, CP, HF, SP and CU needs its number, e.g. V5 CP6 HF27 or V6 SP1 CU4.")]
    MissingNumber,
    /// A minus sign before a number (`HF-27`).
    #[error(
        "Version numbers cannot be negative: type the version as HOPEX shows it, e.g. V5 CP6 HF27."
    )]
    Negative,
    /// A number over [`MAX_NUMBER`].
    #[error("A number in this version is far too large: type the version as HOPEX shows it, e.g. V5 CP6 HF27.")]
    NumberTooLarge,
    /// A character other than ASCII letters, ASCII digits and separators.
    #[error("Type the version with plain letters and digits, separated by spaces, dots, dashes or underscores, e.g. V5 CP6 HF27.")]
    BadCharacter,
    /// A word that is not HOPEX, V, CP, HF, Hotfix, SP, CU or R.
    #[error("Only V, CP, HF (or Hotfix), SP and CU can appear in a HOPEX version, e.g. V5 CP6 HF27 or V6 SP1 CU4.")]
    UnknownWord,
    /// CP/HF on V6 or later, or SP/CU on V5 or older.
    #[error("V5 versions use CP and HF, V6 and later use SP and CU: type e.g. V5 CP6 HF27 or V6 SP1 CU4.")]
    WrongLine,
    /// A part given twice or out of order (`V5 HF27 CP6`).
    #[error("Give each part once and in order, e.g. V5 CP6 HF27 (CP before HF) or V6 SP1 CU4 (SP before CU).")]
    OutOfOrder,
    /// A dotted V5 number (`V5.6`), which does not say which CP is meant.
    #[error("Type a V5 version with its CP and hotfix, e.g. V5 CP6 HF27: a dotted V5 number does not say which CP is meant.")]
    DottedV5,
    /// Anything else (`V5 6`, `CP.6`, a stray number).
    #[error("Cannot read this as a HOPEX version: type it as HOPEX shows it, e.g. V5 CP6 HF27 or V6 SP1 CU4.")]
    Malformed,
}

impl From<ReadProblem> for VersionError {
    fn from(reason: ReadProblem) -> Self {
        VersionError::Unreadable { reason }
    }
}

/// Parses a HOPEX version as admins type it; see the module documentation for the
/// forms accepted. Says nothing about whether the version is new enough: that is
/// [`check_gate`].
pub fn parse(raw: &str) -> Result<HopexVersion, VersionError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(VersionError::Empty);
    }
    super::version_reader::read(text).map_err(Into::into)
}

/// The HOPEX prerequisites' gate: V5 CP6 from Hotfix 27, V5 CP7 from Hotfix 10, V6 SP1 from
/// CU4, or later.
///
/// - V4 and older: too old (minimum `V5 CP6 HF27`).
/// - V5 without a CP: needs detail (the CP and hotfix). CP5 and older: too old
///   (`V5 CP6 HF27`). CP6: needs the hotfix; HF27 and later pass, earlier are too old.
///   CP7: needs the hotfix; HF10 and later pass, earlier are too old (`V5 CP7 HF10`).
///   CP8 and later pass.
/// - V6 without a service pack, or SP0: too old (`V6 SP1 CU4`). SP1: needs the CU;
///   CU4 and later pass, earlier are too old. SP2 and later pass. `V6.<n>` was read
///   as SP *n* by [`parse`], so `V6.2` passes and `V6.1` asks for the CU; the third
///   number of `V6.1.x` is not taken for a CU, so it still asks.
/// - V7 and later pass.
pub fn check_gate(version: &HopexVersion) -> Result<(), VersionError> {
    let too_old = |minimum| {
        Err(VersionError::TooOld {
            version: *version,
            minimum,
        })
    };
    let needs = |needed, example| {
        Err(VersionError::NeedsDetail {
            version: *version,
            needed,
            example,
        })
    };
    match version.major {
        0..=4 => too_old(MIN_V5_CP6),
        5 => match (version.cp, version.hf) {
            (None, _) => needs("CP and hotfix", MIN_V5_CP6),
            (Some(0..=5), _) => too_old(MIN_V5_CP6),
            (Some(6), None) => needs("hotfix", MIN_V5_CP6),
            (Some(6), Some(hf)) if hf < 27 => too_old(MIN_V5_CP6),
            (Some(7), None) => needs("hotfix", MIN_V5_CP7),
            (Some(7), Some(hf)) if hf < 10 => too_old(MIN_V5_CP7),
            _ => Ok(()),
        },
        6 => match (version.sp, version.cu) {
            (None | Some(0), _) => too_old(MIN_V6),
            (Some(1), None) => needs("cumulative update (CU)", MIN_V6),
            (Some(1), Some(cu)) if cu < 4 => too_old(MIN_V6),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Parses and gates the version field: the version when it is new enough.
pub fn check(raw: &str) -> Result<HopexVersion, VersionError> {
    let version = parse(raw)?;
    check_gate(&version)?;
    Ok(version)
}
