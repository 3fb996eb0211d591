//! Text a user typed, made safe for a terminal: control characters shown as escapes.

/// Text for a terminal: a control character (an escape sequence, a line break inside a name)
/// is shown as its escape (`\u{1b}`), never sent to the terminal.
pub fn visible(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
