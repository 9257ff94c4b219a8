//! ratatui + crossterm: the event loop, screens and widgets. Draws state only.
