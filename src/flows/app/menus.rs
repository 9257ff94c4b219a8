//! The home menu and the saved-profiles list: their keys, from their binding
//! tables.

use super::{App, HomeItem, Screen};
use crate::flows::bindings::Bindings;
use crate::flows::command::Command;
use crate::flows::home::{home_bindings, profiles_bindings, HomeAction};
use crate::flows::key::Key;
use crate::flows::now::Now;

impl App {
    pub(super) fn on_menu_key(&mut self, key: Key, now: Now) -> Vec<Command> {
        let on_home = matches!(self.screen, Screen::Home);
        let bindings = if on_home {
            home_bindings()
        } else {
            self.profiles_bindings()
        };
        let Some(action) = bindings.action_for(key) else {
            return Vec::new();
        };
        let count = if on_home {
            HomeItem::ALL.len()
        } else {
            self.profile_names()
                .and_then(Result::ok)
                .map_or(0, |n| n.len())
        };
        let index = if on_home {
            &mut self.home_index
        } else {
            &mut self.profiles_index
        };
        match action {
            HomeAction::Up if on_home => *index = (*index + count - 1) % count,
            HomeAction::Down if on_home => *index = (*index + 1) % count,
            HomeAction::Up => *index = index.saturating_sub(1),
            HomeAction::Down => *index = (*index + 1).min(count.saturating_sub(1)),
            HomeAction::Open => return self.open(HomeItem::ALL[self.home_index], now),
            HomeAction::Jump => {
                if let Key::Char(digit @ '1'..='7') = key {
                    self.home_index = digit as usize - '1' as usize;
                    return self.open(HomeItem::ALL[self.home_index], now);
                }
            }
            HomeAction::Quit => return self.quit(),
            HomeAction::Validate => {
                let names = self
                    .profile_names()
                    .and_then(Result::ok)
                    .unwrap_or_default();
                if let Some(name) = names.get(self.profiles_index) {
                    self.open_validate(Some(name.clone()), true);
                }
            }
            HomeAction::Back => self.screen = Screen::Home,
        }
        Vec::new()
    }

    pub(super) fn profiles_bindings(&self) -> Bindings<HomeAction> {
        let any = self
            .profile_names()
            .and_then(Result::ok)
            .is_some_and(|names| !names.is_empty());
        profiles_bindings(any)
    }
}
