//! The HOPEX version parser and the ServiceNow-integration gate.

use nowkey::domain::hopex::version::{
    check, check_gate, parse, HopexVersion, ReadProblem, VersionError, MAX_NUMBER, MIN_V5_CP6,
    MIN_V5_CP7, MIN_V6,
};
use proptest::prelude::*;

fn v(major: u32) -> HopexVersion {
    HopexVersion::major(major)
}

fn unreadable(raw: &str) -> ReadProblem {
    match parse(raw) {
        Err(VersionError::Unreadable { reason }) => reason,
        other => panic!("{raw:?} should be unreadable, got {other:?}"),
    }
}

fn too_old_minimum(raw: &str) -> &'static str {
    match check(raw) {
        Err(VersionError::TooOld { minimum, .. }) => minimum,
        other => panic!("{raw:?} should be too old, got {other:?}"),
    }
}

fn needs_detail(raw: &str) -> (&'static str, &'static str) {
    match check(raw) {
        Err(VersionError::NeedsDetail {
            needed, example, ..
        }) => (needed, example),
        other => panic!("{raw:?} should need detail, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// parse: the forms admins type
// ---------------------------------------------------------------------------

#[test]
fn v5_forms() {
    let expected = HopexVersion::v5(6, Some(27));
    for raw in [
        "V5 CP6 HF27",
        "v5 cp6 hf27",
        "V5CP6HF27",
        "v5cp6hf27",
        "V5 CP6 Hotfix 27",
        "V5 CP6 HOTFIX27",
        "V5 CP 6 HF 27",
        "HOPEX V5 CP6 HF27",
        "hopex v5 cp6 hf27",
        "HOPEXV5 CP6 HF27",
        "HOPEX-V5-CP6-HF27",
        "V5-CP6-HF27",
        "V5_CP6_HF27",
        "V5.CP6.HF27",
        "V5 - CP6 - HF27",
        "  V5   CP6\tHF27  ",
        "V05 CP06 HF027",
        "5 CP6 HF27",
        "V 5 CP6 HF27",
        "V_5 CP_6 HF_27",
    ] {
        assert_eq!(parse(raw), Ok(expected), "{raw:?}");
    }
    assert_eq!(parse("V5 CP7 HF10"), Ok(HopexVersion::v5(7, Some(10))));
    assert_eq!(parse("V5 CP6"), Ok(HopexVersion::v5(6, None)));
    assert_eq!(parse("V5"), Ok(v(5)));
}

#[test]
fn v6_forms() {
    let expected = HopexVersion::v6(1, Some(4));
    for raw in [
        "V6 SP1 CU4",
        "v6 sp1 cu4",
        "V6SP1CU4",
        "HOPEX V6 SP1 CU4",
        "V6-SP1-CU4",
        "V6_SP1_CU4",
        "V6.1 CU4",
        "6.1 CU4",
    ] {
        assert_eq!(parse(raw), Ok(expected), "{raw:?}");
    }
    assert_eq!(parse("V6 SP2"), Ok(HopexVersion::v6(2, None)));
    assert_eq!(parse("V6"), Ok(v(6)));
}

#[test]
fn dotted_v6_is_read_as_a_service_pack() {
    assert_eq!(parse("V6.2"), Ok(HopexVersion::v6(2, None)));
    assert_eq!(parse("6.1"), Ok(HopexVersion::v6(1, None)));
    assert_eq!(parse("HOPEX 6.1"), Ok(HopexVersion::v6(1, None)));
    assert_eq!(parse("v6.0"), Ok(HopexVersion::v6(0, None)));
    // The third number is kept but not taken for a CU.
    let three = parse("V6.2.1").unwrap();
    assert_eq!(
        three,
        HopexVersion {
            minor: Some(1),
            ..HopexVersion::v6(2, None)
        }
    );
    assert_eq!(three.cu, None);
}

#[test]
fn later_and_older_majors() {
    assert_eq!(parse("V7"), Ok(v(7)));
    assert_eq!(parse("HOPEX V12"), Ok(v(12)));
    assert_eq!(
        parse("V7 SP1"),
        Ok(HopexVersion {
            sp: Some(1),
            ..v(7)
        })
    );
    assert_eq!(
        parse("V7.1"),
        Ok(HopexVersion {
            sp: Some(1),
            ..v(7)
        })
    );
    assert_eq!(parse("V4"), Ok(v(4)));
    assert_eq!(
        parse("V4.1"),
        Ok(HopexVersion {
            minor: Some(1),
            ..v(4)
        })
    );
    assert_eq!(
        parse("V1R3"),
        Ok(HopexVersion {
            minor: Some(3),
            ..v(1)
        })
    );
    assert_eq!(
        parse("V3 CP4"),
        Ok(HopexVersion {
            cp: Some(4),
            ..v(3)
        })
    );
    assert_eq!(parse("V0"), Ok(v(0)));
}

// ---------------------------------------------------------------------------
// parse: refusals
// ---------------------------------------------------------------------------

#[test]
fn empty_is_its_own_error() {
    for raw in ["", "   ", "\n"] {
        assert_eq!(parse(raw), Err(VersionError::Empty), "{raw:?}");
        assert_eq!(check(raw), Err(VersionError::Empty), "{raw:?}");
    }
}

#[test]
fn garbage_is_unreadable_with_the_right_reason() {
    assert_eq!(unreadable("hello"), ReadProblem::NoMajor);
    assert_eq!(unreadable("CP6"), ReadProblem::NoMajor);
    assert_eq!(unreadable("CP6 HF27"), ReadProblem::NoMajor);
    assert_eq!(unreadable("HOPEX"), ReadProblem::NoMajor);
    assert_eq!(unreadable("---"), ReadProblem::NoMajor);
    assert_eq!(unreadable("V"), ReadProblem::MissingNumber);
    assert_eq!(unreadable("V CP6"), ReadProblem::MissingNumber);
    assert_eq!(unreadable("V5 CP"), ReadProblem::MissingNumber);
    assert_eq!(unreadable("V5 CP6 HF"), ReadProblem::MissingNumber);
    assert_eq!(unreadable("V5 CP6 Hotfix"), ReadProblem::MissingNumber);
    assert_eq!(unreadable("V6 SP1 CU"), ReadProblem::MissingNumber);
    assert_eq!(unreadable("V5 CP6 HF27 build"), ReadProblem::UnknownWord);
    assert_eq!(unreadable("V5 XP6"), ReadProblem::UnknownWord);
    assert_eq!(unreadable("V5 6"), ReadProblem::Malformed);
    assert_eq!(unreadable("V5 CP6 27"), ReadProblem::Malformed);
    assert_eq!(unreadable("V5 CP.6"), ReadProblem::Malformed);
    assert_eq!(unreadable(".5"), ReadProblem::Malformed);
    assert_eq!(
        unreadable("V5 CP6 HF27 (build 3)"),
        ReadProblem::BadCharacter
    );
    assert_eq!(unreadable("V5+CP6"), ReadProblem::BadCharacter);
}

#[test]
fn negative_numbers_are_refused() {
    assert_eq!(unreadable("-5"), ReadProblem::Negative);
    assert_eq!(unreadable("V-5"), ReadProblem::Negative);
    assert_eq!(unreadable("V5 CP6 HF-27"), ReadProblem::Negative);
    assert_eq!(unreadable("V6 SP1 CU -4"), ReadProblem::Negative);
    assert_eq!(unreadable("HOPEX -6"), ReadProblem::Negative);
}

#[test]
fn huge_numbers_are_refused() {
    assert_eq!(
        unreadable("V99999999999999999999"),
        ReadProblem::NumberTooLarge
    );
    assert_eq!(unreadable("V4294967296"), ReadProblem::NumberTooLarge);
    assert_eq!(
        unreadable(&format!("V{}", MAX_NUMBER + 1)),
        ReadProblem::NumberTooLarge
    );
    assert_eq!(unreadable("V5 CP6 HF1000"), ReadProblem::NumberTooLarge);
    assert_eq!(
        parse(&format!("V5 CP6 HF{MAX_NUMBER}")),
        Ok(HopexVersion::v5(6, Some(MAX_NUMBER)))
    );
}

#[test]
fn non_ascii_digits_and_letters_are_refused() {
    for raw in [
        "V\u{ff15} CP6 HF27",        // fullwidth 5
        "V5 CP\u{0666} HF27",        // Arabic-Indic 6
        "V5 CP6 HF\u{0968}\u{096d}", // Devanagari 27
        "V5 C\u{0420}6",             // Cyrillic Р
        "V5 CP6 HF27 ✓",
    ] {
        assert_eq!(unreadable(raw), ReadProblem::BadCharacter, "{raw:?}");
    }
}

#[test]
fn parts_out_of_order_or_repeated_are_refused() {
    assert_eq!(unreadable("V5 HF27 CP6"), ReadProblem::OutOfOrder);
    assert_eq!(unreadable("V5 HF27"), ReadProblem::OutOfOrder);
    assert_eq!(unreadable("V5 CP6 CP7"), ReadProblem::OutOfOrder);
    assert_eq!(unreadable("V5 CP6 HF27 HF28"), ReadProblem::OutOfOrder);
    assert_eq!(unreadable("V6 CU4 SP1"), ReadProblem::OutOfOrder);
    assert_eq!(unreadable("V6 CU4"), ReadProblem::OutOfOrder);
    assert_eq!(unreadable("V6.1 SP2"), ReadProblem::OutOfOrder);
    assert_eq!(unreadable("V5 V6"), ReadProblem::OutOfOrder);
}

#[test]
fn v5_and_v6_parts_do_not_mix() {
    assert_eq!(unreadable("V5 SP1"), ReadProblem::WrongLine);
    assert_eq!(unreadable("V5 CP6 CU4"), ReadProblem::WrongLine);
    assert_eq!(unreadable("V6 CP6"), ReadProblem::WrongLine);
    assert_eq!(unreadable("V6 SP1 HF27"), ReadProblem::WrongLine);
    assert_eq!(unreadable("V5R2"), ReadProblem::WrongLine);
}

#[test]
fn dotted_v5_is_refused_as_ambiguous() {
    for raw in ["V5.6", "5.6", "V5.6.27", "HOPEX V5.7"] {
        assert_eq!(unreadable(raw), ReadProblem::DottedV5, "{raw:?}");
    }
    let text = parse("V5.6").unwrap_err().to_string();
    assert!(text.contains("V5 CP6 HF27"), "{text}");
}

// ---------------------------------------------------------------------------
// The gate
// ---------------------------------------------------------------------------

#[test]
fn exactly_at_each_minimum_passes() {
    for raw in [
        MIN_V5_CP6,
        MIN_V5_CP7,
        MIN_V6,
        "V5 CP6 Hotfix 27",
        "v6.1 cu4",
    ] {
        assert!(check(raw).is_ok(), "{raw:?}: {:?}", check(raw));
    }
}

#[test]
fn above_each_minimum_passes() {
    for raw in [
        "V5 CP6 HF28",
        "V5 CP6 HF99",
        "V5 CP7 HF11",
        "V5 CP8",
        "V5 CP8 HF1",
        "V5 CP12",
        "V6 SP1 CU5",
        "V6 SP2",
        "V6 SP2 CU0",
        "V6.2",
        "V6.2.1",
        "V6 SP3 CU1",
        "V7",
        "V7 SP1",
        "V7.0",
        "HOPEX V9",
    ] {
        assert!(check(raw).is_ok(), "{raw:?}: {:?}", check(raw));
    }
}

#[test]
fn one_below_each_minimum_fails_naming_that_minimum() {
    assert_eq!(too_old_minimum("V5 CP6 HF26"), MIN_V5_CP6);
    assert_eq!(too_old_minimum("V5 CP6 HF0"), MIN_V5_CP6);
    assert_eq!(too_old_minimum("V5 CP7 HF9"), MIN_V5_CP7);
    assert_eq!(too_old_minimum("V5 CP7 HF0"), MIN_V5_CP7);
    assert_eq!(too_old_minimum("V6 SP1 CU3"), MIN_V6);
    assert_eq!(too_old_minimum("V6.1 CU3"), MIN_V6);
    assert_eq!(too_old_minimum("V6 SP1 CU0"), MIN_V6);
}

#[test]
fn older_cps_service_packs_and_majors_are_too_old() {
    assert_eq!(too_old_minimum("V5 CP5"), MIN_V5_CP6);
    assert_eq!(too_old_minimum("V5 CP5 HF99"), MIN_V5_CP6);
    assert_eq!(too_old_minimum("V5 CP0"), MIN_V5_CP6);
    assert_eq!(too_old_minimum("V6"), MIN_V6);
    assert_eq!(too_old_minimum("V6 SP0"), MIN_V6);
    assert_eq!(too_old_minimum("V6.0"), MIN_V6);
    for raw in ["V4", "V4.1", "V4 CP9 HF99", "V3", "V1R3", "V0", "HOPEX V2"] {
        assert_eq!(too_old_minimum(raw), MIN_V5_CP6, "{raw:?}");
    }
}

#[test]
fn missing_detail_is_asked_for() {
    assert_eq!(needs_detail("V5 CP6"), ("hotfix", MIN_V5_CP6));
    assert_eq!(needs_detail("V5 CP7"), ("hotfix", MIN_V5_CP7));
    assert_eq!(needs_detail("V5"), ("CP and hotfix", MIN_V5_CP6));
    assert_eq!(needs_detail("V6 SP1"), ("cumulative update (CU)", MIN_V6));
    assert_eq!(needs_detail("V6.1"), ("cumulative update (CU)", MIN_V6));
    assert_eq!(needs_detail("6.1"), ("cumulative update (CU)", MIN_V6));
    // The third dotted number is not a CU.
    assert_eq!(needs_detail("V6.1.4"), ("cumulative update (CU)", MIN_V6));
}

#[test]
fn check_returns_the_parsed_version_when_it_passes() {
    assert_eq!(check("v5cp6hf27"), Ok(HopexVersion::v5(6, Some(27))));
    assert_eq!(check("V6.2"), Ok(HopexVersion::v6(2, None)));
}

#[test]
fn check_gate_works_on_built_versions() {
    assert!(check_gate(&HopexVersion::v5(6, Some(27))).is_ok());
    assert!(check_gate(&HopexVersion::v5(6, Some(26))).is_err());
    assert!(check_gate(&v(8)).is_ok());
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

#[test]
fn too_old_message_names_the_minimum_and_the_other_lines() {
    assert_eq!(
        check("V5 CP6 HF12").unwrap_err().to_string(),
        "V5 CP6 HF12 is too old for the ServiceNow integration: it needs V5 CP6 HF27 or later (or V5 CP7 HF10, V6 SP1 CU4)."
    );
    assert_eq!(
        check("v5 cp7 hf3").unwrap_err().to_string(),
        "V5 CP7 HF3 is too old for the ServiceNow integration: it needs V5 CP7 HF10 or later (or V6 SP1 CU4)."
    );
    assert_eq!(
        check("6.1 cu2").unwrap_err().to_string(),
        "V6 SP1 CU2 is too old for the ServiceNow integration: it needs V6 SP1 CU4 or later."
    );
    assert_eq!(
        check("V4").unwrap_err().to_string(),
        "V4 is too old for the ServiceNow integration: it needs V5 CP6 HF27 or later (or V5 CP7 HF10, V6 SP1 CU4)."
    );
}

#[test]
fn needs_detail_message_says_what_to_add() {
    assert_eq!(
        check("V5 CP6").unwrap_err().to_string(),
        "V5 CP6 is not enough to check the version: enter the hotfix too, e.g. V5 CP6 HF27."
    );
    assert_eq!(
        check("V6.1").unwrap_err().to_string(),
        "V6 SP1 is not enough to check the version: enter the cumulative update (CU) too, e.g. V6 SP1 CU4."
    );
}

#[test]
fn every_unreadable_message_is_one_sentence_with_an_example() {
    for raw in [
        "hello", "V", "V5 CP", "V-5", "V9999", "V5 (x)", "V5 XP", "V5 SP1", "V5 HF2", "V5.6",
        "V5 6",
    ] {
        let text = parse(raw).unwrap_err().to_string();
        assert!(text.ends_with('.'), "{raw:?}: {text}");
        assert!(text.contains("e.g. V5 CP6 HF27"), "{raw:?}: {text}");
        assert_eq!(
            text.replace("e.g. ", "").matches(". ").count(),
            0,
            "{raw:?}: {text}"
        );
    }
    assert!(VersionError::Empty.to_string().ends_with('.'));
}

// ---------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------

#[test]
fn display_is_canonical() {
    assert_eq!(parse("v5cp6hf27").unwrap().to_string(), "V5 CP6 HF27");
    assert_eq!(parse("v6_sp1_cu4").unwrap().to_string(), "V6 SP1 CU4");
    assert_eq!(parse("hopex v7").unwrap().to_string(), "V7");
    assert_eq!(parse("V6.2").unwrap().to_string(), "V6 SP2");
    assert_eq!(parse("V6.2.1").unwrap().to_string(), "V6.2.1");
    assert_eq!(parse("V1R3").unwrap().to_string(), "V1.3");
    assert_eq!(
        parse("V5 CP6 Hotfix 27").unwrap().to_string(),
        "V5 CP6 HF27"
    );
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Versions of the shapes `parse` produces.
fn parsed_shape() -> impl Strategy<Value = HopexVersion> {
    let n = || 0..=MAX_NUMBER;
    let old = (
        0u32..=4,
        prop::option::of(n()),
        prop::option::of((n(), prop::option::of(n()))),
    )
        .prop_map(|(major, minor, cp)| HopexVersion {
            minor,
            cp: cp.map(|c| c.0),
            hf: cp.and_then(|c| c.1),
            ..HopexVersion::major(major)
        });
    let v5 = prop::option::of((n(), prop::option::of(n()))).prop_map(|cp| HopexVersion {
        cp: cp.map(|c| c.0),
        hf: cp.and_then(|c| c.1),
        ..HopexVersion::major(5)
    });
    let new = (
        6u32..=MAX_NUMBER,
        prop::option::of((n(), prop::option::of(n()), prop::option::of(n()))),
    )
        .prop_map(|(major, sp)| HopexVersion {
            sp: sp.map(|s| s.0),
            minor: sp.and_then(|s| s.1),
            cu: sp.and_then(|s| s.2),
            ..HopexVersion::major(major)
        });
    prop_oneof![old, v5, new]
}

/// The same version typed loosely: any case, any separators.
fn loosely_typed(version: HopexVersion, seps: Vec<usize>, upper: Vec<bool>) -> String {
    const SEPS: [&str; 6] = [" ", "", "-", "_", "  ", "."];
    let canonical = version.to_string();
    let mut out = String::new();
    for (i, part) in canonical.split(' ').enumerate() {
        if i > 0 {
            out.push_str(SEPS[seps.get(i).copied().unwrap_or(0) % SEPS.len()]);
        }
        out.push_str(part);
    }
    out.chars()
        .enumerate()
        .map(|(i, c)| {
            if upper.get(i).copied().unwrap_or(true) {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn parse_never_panics(raw in any::<String>()) {
        let _ = check(&raw);
    }

    #[test]
    fn parse_never_panics_on_version_soup(
        raw in "(HOPEX|hopex|V|v|CP|cp|HF|Hotfix|SP|CU|R|X|-|_|\\.| |[0-9]{1,12}|\u{ff15}|é){0,12}"
    ) {
        if let Ok(version) = parse(&raw) {
            prop_assert_eq!(parse(&version.to_string()), Ok(version));
        }
    }

    #[test]
    fn display_then_parse_round_trips(version in parsed_shape()) {
        let text = version.to_string();
        prop_assert_eq!(parse(&text), Ok(version), "{}", text);
        prop_assert_eq!(parse(&format!("HOPEX {text}")), Ok(version));
    }

    #[test]
    fn case_and_separators_do_not_change_the_meaning(
        version in parsed_shape(),
        seps in prop::collection::vec(0usize..5, 6),
        upper in prop::collection::vec(any::<bool>(), 40),
    ) {
        // Separator index 5 ('.') is excluded: a dot before a number means the dotted form.
        let typed = loosely_typed(version, seps, upper);
        prop_assert_eq!(parse(&typed), Ok(version), "{}", typed);
    }

    #[test]
    fn the_gate_is_monotonic_within_a_v5_cp(cp in 0u32..=12, a in 0..=MAX_NUMBER, b in 0..=MAX_NUMBER) {
        let (lo, hi) = (a.min(b), a.max(b));
        if check_gate(&HopexVersion::v5(cp, Some(lo))).is_ok() {
            prop_assert!(check_gate(&HopexVersion::v5(cp, Some(hi))).is_ok());
        }
    }

    #[test]
    fn the_gate_is_monotonic_within_a_v6_service_pack(sp in 0u32..=5, a in 0..=MAX_NUMBER, b in 0..=MAX_NUMBER) {
        let (lo, hi) = (a.min(b), a.max(b));
        if check_gate(&HopexVersion::v6(sp, Some(lo))).is_ok() {
            prop_assert!(check_gate(&HopexVersion::v6(sp, Some(hi))).is_ok());
        }
    }

    #[test]
    fn the_gate_is_monotonic_in_the_major(a in 0u32..=MAX_NUMBER, b in 0u32..=MAX_NUMBER) {
        let (lo, hi) = (a.min(b), a.max(b));
        if check_gate(&v(lo)).is_ok() {
            prop_assert!(check_gate(&v(hi)).is_ok());
        }
    }
}

/// Every V5 CP / V6 SP up to 20 with every HF / CU up to 60 (and none), against the
/// rule written out independently.
#[test]
fn the_gate_matches_the_rule_exhaustively() {
    for line in 0u32..=20 {
        for n in std::iter::once(None).chain((0u32..=60).map(Some)) {
            let v5_ok = match (line, n) {
                (6, Some(hf)) => hf >= 27,
                (7, Some(hf)) => hf >= 10,
                (cp, _) => cp >= 8,
            };
            let v5 = HopexVersion::v5(line, n);
            assert_eq!(check_gate(&v5).is_ok(), v5_ok, "{v5}");
            let v6_ok = match (line, n) {
                (1, Some(cu)) => cu >= 4,
                (sp, _) => sp >= 2,
            };
            let v6 = HopexVersion::v6(line, n);
            assert_eq!(check_gate(&v6).is_ok(), v6_ok, "{v6}");
        }
    }
}
