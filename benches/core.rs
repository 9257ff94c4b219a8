//! criterion: the token (encode + fingerprint) and drawing a screen at 80x24.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::token::HubCredentials;
use nowkey::flows::app::{App, StartAt};
use nowkey::flows::env::FlowEnv;
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::tui::theme::Theme;
use nowkey::tui::view;
use nowkey::tui::widgets::ViewContext;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn token(c: &mut Criterion) {
    let credentials = HubCredentials {
        key: clean_api_key("BENCHKEY000000000001").expect("valid key"),
        secret: clean_api_secret("benchSecret0123456789abcdefXYZ").expect("valid secret"),
    };
    c.bench_function("token encode + fingerprint", |b| {
        b.iter(|| black_box(credentials.token().fingerprint()))
    });
}

fn draw(c: &mut Criterion) {
    let env = FlowEnv {
        sandbox_url: Some("http://127.0.0.1:8787".into()),
        hub_url_override: None,
        servicenow_url: None,
        hopex_url: None,
        over_ssh: false,
        country_code: None,
        proof_window: None,
    };
    let now = nowkey::tui::event_loop::read_clocks();
    let (mut app, _) = App::new(env, StartAt::SetupSms);
    for key in [Key::Enter, Key::Enter] {
        app.update(Msg::Key(key), now);
    }
    app.update(Msg::Paste("BENCHKEY000000000001".into()), now);
    app.update(Msg::Key(Key::Tab), now);
    app.update(Msg::Paste("benchSecret0123456789abcdefXYZ".into()), now);
    for (name, width, height) in [("80x24", 80, 24), ("200x60", 200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
        let ctx = ViewContext {
            now: now.instant,
            today: now.today(),
            theme: Theme::new(true),
        };
        c.bench_function(&format!("draw capture step {name}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| view::draw(frame, &app, &ctx))
                    .expect("draw");
            })
        });
    }
}

criterion_group!(benches, token, draw);
criterion_main!(benches);
