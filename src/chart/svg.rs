//! An SVG backend whose text renders the same in every viewer: the text is laid out here
//! with the embedded font (as the PNG is), each `<text>` is placed by its baseline and start,
//! and the font itself, reduced to the glyphs used, is embedded as an `@font-face`.
//! plotters' `SVGBackend` draws everything else; each text goes through it as a marker that
//! `finish` replaces, so the drawing order is kept.

use super::glyphs::{Lettered, Lettering, place};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::rc::Rc;

/// The font family the SVG text names, defined by the embedded `@font-face`.
pub const FAMILY: &str = "RoiDejaVuSans";

/// The texts of one SVG, and the characters each face must carry.
#[derive(Default)]
pub struct Texts {
    elements: Vec<String>,
    regular: BTreeSet<char>,
    bold: BTreeSet<char>,
}

/// Texts drawn as markers that [`finish`] replaces by `<text>` elements.
pub struct Marked {
    texts: Rc<RefCell<Texts>>,
}

/// The SVG backend of the charts.
pub type GlyphSvg<'a> = Lettered<SVGBackend<'a>, Marked>;

impl<'a> GlyphSvg<'a> {
    pub fn svg(inner: SVGBackend<'a>, texts: Rc<RefCell<Texts>>) -> Self {
        Lettered::new(inner, Marked { texts })
    }
}

const MARK: char = '\u{E000}';

type Err = DrawingErrorKind<std::io::Error>;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    let mut s = format!(" fill=\"#{r:02X}{g:02X}{b:02X}\"");
    if c.alpha < 1.0 {
        let _ = write!(s, " fill-opacity=\"{:.3}\"", c.alpha);
    }
    s
}

impl Lettering<SVGBackend<'_>> for Marked {
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        inner: &mut SVGBackend<'_>,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), Err> {
        let c = style.color();
        let Some(p) = place(text, style) else {
            return inner.draw_text(text, style, pos);
        };
        let mut texts = self.texts.borrow_mut();
        let chars = if p.bold {
            &mut texts.bold
        } else {
            &mut texts.regular
        };
        chars.extend(text.chars().filter(|c| !c.is_control()));
        let angle = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
        };
        let mut el = format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-family=\"{FAMILY}\" font-size=\"{:.2}\"",
            pos.0 as f32 + p.x,
            pos.1 as f32 + p.baseline,
            p.em
        );
        if p.bold {
            el.push_str(" font-weight=\"bold\"");
        }
        el.push_str(&color(c));
        if angle != 0 {
            let _ = write!(el, " transform=\"rotate({angle} {} {})\"", pos.0, pos.1);
        }
        let _ = write!(el, ">{}</text>", escape(text));
        let id = texts.elements.len();
        texts.elements.push(el);
        drop(texts);
        inner.draw_text(&format!("{MARK}{id}{MARK}"), style, pos)
    }
}

/// The SVG with each text marker replaced by its `<text>` and the font subset embedded.
pub fn finish(svg: &str, texts: &Texts) -> String {
    let mut out = String::with_capacity(svg.len() + 300_000);
    let mut rest = svg;
    // The definitions right after the opening <svg …> tag.
    if let Some(end) = rest.find('>') {
        out.push_str(&rest[..=end]);
        out.push('\n');
        out.push_str(&font_faces(texts));
        rest = &rest[end + 1..];
    }
    while let Some(m) = rest.find(MARK) {
        let (Some(open), Some(close)) = (rest[..m].rfind("<text"), rest[m..].find("</text>"))
        else {
            break;
        };
        let id = rest[m + MARK.len_utf8()..]
            .split(MARK)
            .next()
            .and_then(|n| n.parse::<usize>().ok());
        out.push_str(&rest[..open]);
        if let Some(el) = id.and_then(|i| texts.elements.get(i)) {
            out.push_str(el);
        }
        rest = &rest[m + close + "</text>".len()..];
    }
    out.push_str(rest);
    out
}

fn font_faces(texts: &Texts) -> String {
    let mut css = String::new();
    for (weight, bytes, chars) in [
        ("normal", super::theme::REGULAR, &texts.regular),
        ("bold", super::theme::BOLD, &texts.bold),
    ] {
        if chars.is_empty() {
            continue;
        }
        let Some(font) = subset_for(bytes, chars) else {
            continue;
        };
        let _ = writeln!(
            css,
            "@font-face{{font-family:{FAMILY};font-weight:{weight};font-style:normal;\
             src:url(data:font/ttf;base64,{}) format(\"truetype\")}}",
            crate::base64::encode(&font)
        );
    }
    format!("<defs><style type=\"text/css\">\n{css}</style></defs>\n")
}

fn subset_for(bytes: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    use ab_glyph::{Font, FontRef};
    let font = FontRef::try_from_slice(bytes).ok()?;
    let glyphs: BTreeSet<u16> = chars.iter().map(|&c| font.glyph_id(c).0).collect();
    super::subset::subset(bytes, &glyphs)
}
