//! The tags and text of a large workbook part (a sheet's `<sheetData>`, the shared strings),
//! tokenized straight from the inflated bytes. These parts are millions of small elements
//! of a fixed shape; a general XML reader spent most of an .xlsx's reading time on
//! events and attribute iterators they do not need. The window over the input grows only
//! to hold one tag or one text run, so memory is bounded by the largest cell.

use std::io::Read;

/// A span of the tokenizer's window, valid until the next token is read.
pub type Span = (usize, usize);

/// One token of the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tok {
    /// `<name attrs>` or, `empty`, `<name attrs/>`; `name` without its prefix.
    Open {
        name: Span,
        attrs: Span,
        empty: bool,
    },
    /// `</name>`, without its prefix.
    Close {
        name: Span,
    },
    /// Text between tags, entities still in it.
    Text(Span),
    /// A CDATA section's content, taken as it is.
    Cdata(Span),
    Eof,
}

/// Why a part's XML could not be read.
#[derive(Debug)]
pub enum XmlError {
    Io(std::io::Error),
    Malformed(&'static str),
}

/// The tokenizer over a reader.
pub struct Tokens<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> Tokens<R> {
    pub fn new(src: R) -> Self {
        Tokens {
            src,
            buf: vec![0; 1 << 16],
            pos: 0,
            end: 0,
            eof: false,
        }
    }

    /// The bytes of a span of the last token.
    #[inline]
    pub fn bytes(&self, s: Span) -> &[u8] {
        &self.buf[s.0..s.1]
    }

    /// Keeps the unread bytes and reads more after them, growing the window when it is full.
    fn fill(&mut self) -> Result<(), XmlError> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            let len = self.buf.len();
            self.buf.resize(len * 2, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(XmlError::Io(e)),
            }
        }
    }

    /// The next token.
    pub fn next(&mut self) -> Result<Tok, XmlError> {
        loop {
            if self.pos >= self.end {
                if self.eof {
                    return Ok(Tok::Eof);
                }
                self.fill()?;
                continue;
            }
            if self.buf[self.pos] != b'<' {
                match memchr::memchr(b'<', &self.buf[self.pos..self.end]) {
                    Some(i) => {
                        let span = (self.pos, self.pos + i);
                        self.pos += i;
                        return Ok(Tok::Text(span));
                    }
                    None if !self.eof => {
                        self.fill()?;
                        continue;
                    }
                    None => {
                        let span = (self.pos, self.end);
                        self.pos = self.end;
                        return Ok(Tok::Text(span));
                    }
                }
            }
            match self.tag()? {
                Some(tok) => return Ok(tok),
                None => {
                    if self.eof {
                        return Err(XmlError::Malformed("the XML ends inside a tag"));
                    }
                    self.fill()?;
                }
            }
        }
    }

    /// The tag at `pos` (a `<`), or `None` when the window does not hold all of it yet.
    /// Comments, processing instructions and declarations are passed over.
    fn tag(&mut self) -> Result<Option<Tok>, XmlError> {
        let start = self.pos;
        let window = &self.buf[start..self.end];
        if window.starts_with(b"<!") && window.len() < 9 && !self.eof {
            return Ok(None);
        }
        let skip_to = |close: &[u8]| -> Option<usize> {
            window
                .windows(close.len())
                .position(|w| w == close)
                .map(|i| i + close.len())
        };
        if window.starts_with(b"<![CDATA[") {
            let Some(after) = skip_to(b"]]>") else {
                return Ok(None);
            };
            self.pos = start + after;
            return Ok(Some(Tok::Cdata((start + 9, start + after - 3))));
        }
        let special: Option<&[u8]> = if window.starts_with(b"<!--") {
            Some(b"-->")
        } else if window.starts_with(b"<?") {
            Some(b"?>")
        } else if window.starts_with(b"<!") {
            Some(b">")
        } else {
            None
        };
        if let Some(close) = special {
            let Some(after) = skip_to(close) else {
                return Ok(None);
            };
            self.pos = start + after;
            // Passed over: an empty text in its place.
            return Ok(Some(Tok::Text((self.pos, self.pos))));
        }
        // The closing `>`, outside quoted attribute values. Most tags quote with `"` only:
        // the first `>` after an even number of them ends the tag.
        if let Some(j) = memchr::memchr(b'>', window) {
            let head = &window[..j];
            if !head.contains(&b'\'') && head.iter().filter(|&&b| b == b'"').count() % 2 == 0 {
                return Ok(Some(self.finish_tag(start, j)));
            }
        }
        let mut i = 1;
        let mut quote = None;
        let gt = loop {
            let Some(j) = memchr::memchr3(b'>', b'"', b'\'', &window[i..]) else {
                return Ok(None);
            };
            let at = i + j;
            let b = window[at];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'>' => break at,
                None => quote = Some(b),
            }
            i = at + 1;
        };
        Ok(Some(self.finish_tag(start, gt)))
    }

    /// The tag from `<` at `start` to `>` at `start + gt`.
    fn finish_tag(&mut self, start: usize, gt: usize) -> Tok {
        self.pos = start + gt + 1;
        let inner = (start + 1, start + gt);
        let bytes = &self.buf[inner.0..inner.1];
        if bytes.first() == Some(&b'/') {
            let name = local(bytes, inner.0 + 1, 1, bytes.len());
            return Tok::Close { name };
        }
        let empty = bytes.last() == Some(&b'/');
        let stop = if empty { bytes.len() - 1 } else { bytes.len() };
        let name_end = bytes[..stop]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(stop);
        // A tag without a name (`< >`) is an empty one: nothing reads it.
        let name = local(bytes, inner.0, 0, name_end);
        Tok::Open {
            name,
            attrs: (inner.0 + name_end, inner.0 + stop),
            empty,
        }
    }
}

/// The local part of a name in `bytes[from..to]` (`x:row` → `row`), as a window span.
fn local(bytes: &[u8], base: usize, from: usize, to: usize) -> Span {
    let name = &bytes[from..to];
    let name = name.trim_ascii_end();
    let start = name.iter().rposition(|&b| b == b':').map_or(0, |i| i + 1);
    (base + start, base + name.len())
}

/// The attributes of a tag: each name (without its prefix) and raw value.
pub fn attributes(mut s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        s = s.trim_ascii_start();
        let eq = memchr::memchr(b'=', s)?;
        let full = s[..eq].trim_ascii_end();
        let name = match full.iter().rposition(|&b| b == b':') {
            Some(i) => &full[i + 1..],
            None => full,
        };
        let rest = s[eq + 1..].trim_ascii_start();
        let q = *rest.first()?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let close = memchr::memchr(q, &rest[1..])?;
        let value = &rest[1..1 + close];
        s = &rest[close + 2..];
        Some((name, value))
    })
}

/// Text of the XML appended to `out`: entities decoded, line ends as XML 1.0 reads them.
pub fn push_text(raw: &[u8], out: &mut String) -> Result<(), XmlError> {
    let text = std::str::from_utf8(raw).map_err(|_| XmlError::Malformed("text is not UTF-8"))?;
    if !text.contains(['&', '\r']) {
        out.push_str(text);
        return Ok(());
    }
    let mut rest = text;
    while let Some(i) = rest.find(['&', '\r']) {
        out.push_str(&rest[..i]);
        if rest.as_bytes()[i] == b'\r' {
            out.push('\n');
            rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
            continue;
        }
        let semi = rest[i..]
            .find(';')
            .ok_or(XmlError::Malformed("an entity without its ';'"))?;
        let name = &rest[i + 1..i + semi];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                code.and_then(char::from_u32)
                    .ok_or(XmlError::Malformed("an unknown entity"))?
            }
        };
        out.push(c);
        rest = &rest[i + semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(xml: &str, window: usize) -> Vec<String> {
        let mut t = Tokens::new(xml.as_bytes());
        t.buf = vec![0; window];
        let mut out = Vec::new();
        loop {
            let tok = t.next().unwrap();
            let s = |sp| String::from_utf8_lossy(t.bytes(sp)).into_owned();
            out.push(match tok {
                Tok::Open { name, attrs, empty } => {
                    format!("<{}|{}|{}>", s(name), s(attrs).trim(), empty)
                }
                Tok::Close { name } => format!("</{}>", s(name)),
                // Comments and declarations leave an empty text.
                Tok::Text(sp) if sp.0 == sp.1 => continue,
                Tok::Text(sp) => format!("'{}'", s(sp)),
                Tok::Cdata(sp) => format!("[{}]", s(sp)),
                Tok::Eof => break,
            });
        }
        out
    }

    #[test]
    fn tags_and_text_whatever_the_window() {
        let xml = "<?xml version=\"1.0\"?><!-- a > b --><x:row r=\"2\" a='>'><c r=\"A2\" t=\"s\"><v>7</v></c>\
                   <c r=\"B2\"/><is><t><![CDATA[a<b]]></t></is></x:row>";
        let want = [
            "<row|r=\"2\" a='>'|false>",
            "<c|r=\"A2\" t=\"s\"|false>",
            "<v||false>",
            "'7'",
            "</v>",
            "</c>",
            "<c|r=\"B2\"|true>",
            "<is||false>",
            "<t||false>",
            "[a<b]",
            "</t>",
            "</is>",
            "</row>",
        ];
        for window in [1, 2, 3, 7, 64, 1 << 16] {
            assert_eq!(all(xml, window), want, "window {window}");
        }
    }

    #[test]
    fn attributes_and_entities() {
        let got: Vec<_> = attributes(b" r=\"A1\"  x:s = '3' t=\"s\"").collect();
        assert_eq!(
            got,
            [
                (&b"r"[..], &b"A1"[..]),
                (&b"s"[..], &b"3"[..]),
                (&b"t"[..], &b"s"[..])
            ]
        );
        let mut s = String::new();
        push_text(b"a &amp; b &lt;&#233;&#x41;\r\nc\rd", &mut s).unwrap();
        assert_eq!(s, "a & b <éA\nc\nd");
        assert!(push_text(b"&nope;", &mut String::new()).is_err());
    }
}
