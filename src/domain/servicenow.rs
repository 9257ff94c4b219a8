//! ServiceNow instance URLs (the helper fills this in).
