//! One binding table per step: each step declares its keys once (key, action,
//! label, when it applies), and the same table is used three times: `update`
//! dispatches from it, the help footer is drawn from it, and the help overlay
//! lists it. A key with no binding goes to the focused field, if any.

use super::key::Key;

/// How much a binding matters in the one-line footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The way out (Esc): the last to leave the footer when it is too narrow.
    /// A binding on Esc gets this rank unless it says otherwise.
    WayOut,
    /// Shown in the footer whenever it fits.
    Main,
    /// Shown in the footer only when there is room after the main ones.
    Minor,
    /// Never in the footer: only the help overlay lists it.
    HelpOnly,
}

/// One binding of a step.
#[derive(Debug, Clone)]
pub struct Binding<A> {
    /// The keys that trigger it; the first names it unless `shown` says otherwise.
    pub keys: Vec<Key>,
    /// How the footer names the keys ("↑↓", "c k s"), when not the first key's name.
    pub shown: Option<&'static str>,
    /// What it does, in a word or two, for the footer ("next").
    pub label: &'static str,
    /// What it does, in a sentence, for the help overlay.
    pub help: &'static str,
    /// The flow's action.
    pub action: A,
    /// Its place in the footer.
    pub rank: Rank,
    /// False when it does not apply in the current state.
    pub applies: bool,
}

impl<A> Binding<A> {
    /// Applies only when `condition` holds.
    pub fn when(&mut self, condition: bool) -> &mut Self {
        self.applies &= condition;
        self
    }

    /// Shown in the footer only when there is room.
    pub fn minor(&mut self) -> &mut Self {
        self.rank = Rank::Minor;
        self
    }

    /// Listed in the help overlay only.
    pub fn help_only(&mut self) -> &mut Self {
        self.rank = Rank::HelpOnly;
        self
    }

    /// Names the keys this way in the footer.
    pub fn shown(&mut self, text: &'static str) -> &mut Self {
        self.shown = Some(text);
        self
    }
}

/// A binding as the footer and the help overlay show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHelp {
    /// The keys as the footer names them.
    pub keys: String,
    /// Every key, as the help overlay names them ("PgUp, Alt-←").
    pub all_keys: String,
    /// The footer's word or two.
    pub label: &'static str,
    /// The overlay's sentence.
    pub help: &'static str,
    /// Its place in the footer.
    pub rank: Rank,
}

/// The bindings of one step, in the order the footer shows them.
#[derive(Debug, Clone)]
pub struct Bindings<A> {
    list: Vec<Binding<A>>,
}

impl<A> Default for Bindings<A> {
    fn default() -> Self {
        Self { list: Vec::new() }
    }
}

impl<A: Clone> Bindings<A> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a binding; chain [`Binding::when`], [`Binding::minor`] and the like.
    pub fn add(
        &mut self,
        keys: &[Key],
        label: &'static str,
        help: &'static str,
        action: A,
    ) -> &mut Binding<A> {
        self.list.push(Binding {
            keys: keys.to_vec(),
            shown: None,
            label,
            help,
            action,
            rank: if keys.contains(&Key::Esc) {
                Rank::WayOut
            } else {
                Rank::Main
            },
            applies: true,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// Adds every binding of `other`, with its actions wrapped by `wrap`.
    pub fn extend_with<B>(&mut self, other: Bindings<B>, wrap: impl Fn(B) -> A) {
        self.list.extend(other.list.into_iter().map(|b| Binding {
            keys: b.keys,
            shown: b.shown,
            label: b.label,
            help: b.help,
            action: wrap(b.action),
            rank: b.rank,
            applies: b.applies,
        }));
    }

    /// The action `key` triggers now, if any (the first binding that applies wins).
    pub fn action_for(&self, key: Key) -> Option<A> {
        self.applying()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    }

    /// The key that triggers `action` now, as the footer names it, for prose
    /// that mentions it ("press c to copy"); `None` when nothing does now.
    pub fn key_for(&self, action: &A) -> Option<String>
    where
        A: PartialEq,
    {
        self.applying()
            .find(|b| b.action == *action)
            .and_then(|b| b.keys.first().map(|k| k.name()))
    }

    /// The bindings that apply now, as the footer and the overlay show them.
    pub fn key_help(&self) -> Vec<KeyHelp> {
        self.applying()
            .map(|b| KeyHelp {
                keys: b
                    .shown
                    .map(str::to_owned)
                    .unwrap_or_else(|| b.keys.first().map(|k| k.name()).unwrap_or_default()),
                all_keys: match b.shown {
                    Some(shown) if b.keys.len() > 4 => shown.to_owned(),
                    _ => b
                        .keys
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
                label: b.label,
                help: b.help,
                rank: b.rank,
            })
            .collect()
    }

    fn applying(&self) -> impl Iterator<Item = &Binding<A>> {
        self.list.iter().filter(|b| b.applies)
    }
}

/// The footer for `bindings` in `width` columns: as many as fit, in table order,
/// never a word cut; minor ones leave first, then main ones, the way out (Esc)
/// last; then `? help` when everything fit, or `? more` when some did not
/// (`help_key` is `?`, or `F1` where `?` is typed into the field). Returns
/// (keys, label) pairs.
pub fn footer(bindings: &[KeyHelp], width: usize, help_key: &'static str) -> Vec<(String, String)> {
    let candidates: Vec<&KeyHelp> = bindings
        .iter()
        .filter(|b| b.rank != Rank::HelpOnly)
        .collect();
    // " key label · key label · ? help": one leading space, " · " between items.
    let line_width = |chosen: &[&KeyHelp], last: &str| -> usize {
        let item = |keys: &str, label: &str| keys.chars().count() + 1 + label.chars().count();
        1 + chosen.iter().map(|b| item(&b.keys, b.label)).sum::<usize>()
            + 3 * chosen.len()
            + item(help_key, last)
    };
    let mut chosen = candidates.clone();
    let all_shown = bindings.len() == candidates.len();
    if all_shown && line_width(&chosen, "help") <= width {
        return pairs(&chosen, help_key, "help");
    }
    // Drop minor ones from the end, then main ones, then the way out, until it fits.
    while line_width(&chosen, "more") > width {
        let drop = [Rank::Minor, Rank::Main, Rank::WayOut]
            .into_iter()
            .find_map(|rank| chosen.iter().rposition(|b| b.rank == rank));
        match drop {
            Some(index) => {
                chosen.remove(index);
            }
            None => break,
        }
    }
    pairs(&chosen, help_key, "more")
}

fn pairs(chosen: &[&KeyHelp], help_key: &str, last: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = chosen
        .iter()
        .map(|b| (b.keys.clone(), b.label.to_owned()))
        .collect();
    out.push((help_key.to_owned(), last.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    enum Act {
        Next,
        Copy,
        Back,
        Cancel,
        Down,
    }

    fn table() -> Bindings<Act> {
        let mut b = Bindings::new();
        b.add(&[Key::Enter], "next", "Go on.", Act::Next);
        b.add(&[Key::Char('c')], "copy the token", "Copy it.", Act::Copy)
            .minor();
        b.add(&[Key::PageUp, Key::AltLeft], "back", "Go back.", Act::Back);
        b.add(&[Key::Esc], "cancel", "Leave.", Act::Cancel);
        b.add(&[Key::Down], "next one", "Below.", Act::Down)
            .when(false);
        b
    }

    fn text(items: &[(String, String)]) -> String {
        let parts: Vec<String> = items.iter().map(|(k, l)| format!("{k} {l}")).collect();
        format!(" {}", parts.join(" · "))
    }

    #[test]
    fn the_table_dispatches_only_what_applies() {
        let b = table();
        assert_eq!(b.action_for(Key::AltLeft), Some(Act::Back));
        assert_eq!(b.action_for(Key::Down), None, "it does not apply now");
        assert_eq!(b.key_for(&Act::Copy).as_deref(), Some("c"));
        assert_eq!(b.key_for(&Act::Down), None);
        let help = b.key_help();
        assert_eq!(help.len(), 4);
        assert_eq!(help[2].all_keys, "PgUp, Alt-←");
    }

    #[test]
    fn a_footer_that_fits_ends_with_help_and_one_that_does_not_drops_minor_first() {
        let b = table().key_help();
        let wide = footer(&b, 80, "?");
        assert_eq!(
            text(&wide),
            " Enter next · c copy the token · PgUp back · Esc cancel · ? help"
        );
        let narrow = footer(&b, 45, "?");
        assert_eq!(
            text(&narrow),
            " Enter next · PgUp back · Esc cancel · ? more"
        );
        let tiny = footer(&b, 34, "F1");
        assert_eq!(text(&tiny), " Enter next · Esc cancel · F1 more");
        for width in 10..90 {
            let line = text(&footer(&b, width, "?"));
            assert!(
                line.chars().count() <= width.max(" ? more".len()),
                "{width}: {line}"
            );
        }
    }
}
