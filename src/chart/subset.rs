//! A TrueType subset for embedding in an SVG: the glyphs a chart uses keep their outlines,
//! every other glyph is emptied (glyph ids, `cmap` and metrics stay as they are, so the font
//! remains valid and its layout unchanged). Glyph names (`post` format 3) and the OpenType
//! layout tables go: the charts are laid out with the `kern` table alone, as a viewer of the
//! subset then does, which is what keeps an SVG looking like its PNG.

use std::collections::BTreeSet;

/// Tables kept; `glyf`, `loca`, `kern`, `post` and `head` are rewritten.
const KEEP: [&[u8; 4]; 15] = [
    b"OS/2", b"cmap", b"cvt ", b"fpgm", b"gasp", b"glyf", b"head", b"hhea", b"hmtx", b"kern",
    b"loca", b"maxp", b"name", b"post", b"prep",
];

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The font's tables by tag, in file order (sorted by tag, as the format requires).
fn tables(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let n = usize::from(u16_at(font, 4)?);
    (0..n)
        .map(|i| {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
            let off = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            Some((tag, font.get(off..off + len)?))
        })
        .collect()
}

fn table<'a>(all: &[([u8; 4], &'a [u8])], tag: &[u8; 4]) -> Option<&'a [u8]> {
    all.iter().find(|(t, _)| t == tag).map(|(_, d)| *d)
}

/// The glyphs a composite glyph is built from.
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if glyph.len() < 10 || (glyph[0] & 0x80) == 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(id)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(id);
        at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        at += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font with only the outlines of `glyphs` (and of what they are built from) kept;
/// None if the font is not a TrueType font this understands.
pub fn subset(font: &[u8], glyphs: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let all = tables(font)?;
    let head = table(&all, b"head")?;
    let long = u16_at(head, 50)? == 1;
    let n = usize::from(u16_at(table(&all, b"maxp")?, 4)?);
    let loca = table(&all, b"loca")?;
    let glyf = table(&all, b"glyf")?;
    let offset = |i: usize| -> Option<usize> {
        if long {
            Some(u32_at(loca, 4 * i)? as usize)
        } else {
            Some(usize::from(u16_at(loca, 2 * i)?) * 2)
        }
    };
    let data = |i: usize| -> Option<&[u8]> { glyf.get(offset(i)?..offset(i + 1)?) };
    // Glyph 0 (.notdef) always; composites bring their parts.
    let mut keep: BTreeSet<u16> = glyphs
        .iter()
        .copied()
        .filter(|&g| usize::from(g) < n)
        .collect();
    keep.insert(0);
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = todo.pop() {
        for c in components(data(usize::from(g))?) {
            if usize::from(c) < n && keep.insert(c) {
                todo.push(c);
            }
        }
    }
    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(n + 1);
    for i in 0..n {
        offsets.push(new_glyf.len());
        if keep.contains(&u16::try_from(i).ok()?) {
            new_glyf.extend_from_slice(data(i)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    offsets.push(new_glyf.len());
    let short = new_glyf.len() <= 0x1FFFE;
    let new_loca: Vec<u8> = if short {
        offsets
            .iter()
            .flat_map(|&o| u16::try_from(o / 2).unwrap_or(0).to_be_bytes())
            .collect()
    } else {
        offsets
            .iter()
            .flat_map(|&o| u32::try_from(o).unwrap_or(0).to_be_bytes())
            .collect()
    };
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&(if short { 0u16 } else { 1 }).to_be_bytes());
    // post format 3: the same metrics, no glyph names.
    let mut post = table(&all, b"post")?.get(..32)?.to_vec();
    post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    let kern = table(&all, b"kern").map(|k| kern_subset(k, &keep));
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for (tag, d) in &all {
        if !KEEP.contains(&tag) {
            continue;
        }
        let body = match tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            b"head" => new_head.clone(),
            b"post" => post.clone(),
            b"kern" => kern.clone().flatten().unwrap_or_else(|| d.to_vec()),
            _ => d.to_vec(),
        };
        out_tables.push((*tag, body));
    }
    Some(assemble(font, &out_tables))
}

/// The pairs of a version-0 `kern` table with a single format-0 subtable, among kept glyphs.
fn kern_subset(kern: &[u8], keep: &BTreeSet<u16>) -> Option<Vec<u8>> {
    if u16_at(kern, 0)? != 0 || u16_at(kern, 2)? != 1 || u16_at(kern, 8)? >> 8 != 0 {
        return None;
    }
    let pairs = usize::from(u16_at(kern, 10)?);
    let kept: Vec<&[u8]> = (0..pairs)
        .filter_map(|i| kern.get(18 + 6 * i..24 + 6 * i))
        .filter(|p| {
            keep.contains(&u16::from_be_bytes([p[0], p[1]]))
                && keep.contains(&u16::from_be_bytes([p[2], p[3]]))
        })
        .collect();
    let count = u16::try_from(kept.len()).ok()?;
    let pow = if count == 0 {
        0
    } else {
        1u16 << (15 - count.leading_zeros().min(15))
    };
    let search = pow.saturating_mul(6);
    let selector = if pow == 0 {
        0
    } else {
        pow.trailing_zeros() as u16
    };
    let sub_len = u16::try_from(14 + 6 * kept.len()).ok()?;
    let mut out = Vec::new();
    out.extend_from_slice(&[0, 0, 0, 1]);
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&sub_len.to_be_bytes());
    out.extend_from_slice(kern.get(8..10)?);
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&search.to_be_bytes());
    out.extend_from_slice(&selector.to_be_bytes());
    out.extend_from_slice(&(count * 6 - search.min(count * 6)).to_be_bytes());
    for p in kept {
        out.extend_from_slice(p);
    }
    Some(out)
}

/// An sfnt file from its tables (sorted by tag), with checksums and the head adjustment.
fn assemble(original: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = u16::try_from(tables.len()).unwrap_or(0);
    let pow = if n == 0 {
        0
    } else {
        1u16 << (15 - n.leading_zeros().min(15))
    };
    let mut out = Vec::new();
    out.extend_from_slice(&original[..4]);
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, body) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(body).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(&u32::try_from(body.len()).unwrap_or(0).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += body.len().div_ceil(4) * 4;
    }
    for (_, body) in tables {
        out.extend_from_slice(body);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::{Font, FontRef};

    #[test]
    fn kept_glyphs_keep_their_outlines_and_the_rest_are_empty() {
        let full = FontRef::try_from_slice(crate::chart::theme::REGULAR).unwrap();
        // "ą" is a composite in DejaVu Sans: its parts come along.
        let used: BTreeSet<u16> = "Aą1".chars().map(|c| full.glyph_id(c).0).collect();
        let bytes = subset(crate::chart::theme::REGULAR, &used).unwrap();
        assert!(bytes.len() < crate::chart::theme::REGULAR.len() / 4);
        let font = FontRef::try_from_slice(&bytes).unwrap();
        for c in "Aą1".chars() {
            assert_eq!(font.glyph_id(c), full.glyph_id(c));
            assert!(font.outline(font.glyph_id(c)).is_some(), "{c}");
        }
        assert!(font.outline(font.glyph_id('Z')).is_none());
        // The same advances and kerning as the full font.
        let (a, v) = (full.glyph_id('A'), full.glyph_id('V'));
        assert_eq!(font.h_advance_unscaled(a), full.h_advance_unscaled(a));
        let used: BTreeSet<u16> = [a.0, v.0].into();
        let font_av = subset(crate::chart::theme::REGULAR, &used).unwrap();
        let font_av = FontRef::try_from_slice(&font_av).unwrap();
        assert_eq!(font_av.kern_unscaled(a, v), full.kern_unscaled(a, v));
        assert_ne!(full.kern_unscaled(a, v), 0.0);
        // The whole file sums to the magic number, as the format requires.
        assert_eq!(checksum(&bytes), 0xB1B0_AFBA);
    }
}
