//! The system clipboard (arboard), an OSC 52 fallback, and auto-clear.
