//! The parts of a .pptx: content types, relationships, the presentation, one master, one
//! blank layout, a theme, the slides and their media — each written as XML text into a zip
//! with fixed timestamps, so the same deck is the same bytes.

use super::{H, W};
use crate::document::Document;
use std::io::{self, Cursor, Write};
use zip::write::SimpleFileOptions;

/// A run of text: the text, its size in hundredths of a point, bold, its colour.
pub type Run = (String, u32, bool, &'static str);

pub struct Slide {
    pub shapes: Vec<Shape>,
}

/// Position and size in EMU.
type Rect = (i64, i64, i64, i64);

pub enum Shape {
    /// Paragraphs of runs in a text box, optionally filled and bulleted.
    Text {
        at: Rect,
        fill: Option<&'static str>,
        bullets: bool,
        paras: Vec<Vec<Run>>,
    },
    /// A chart of the report, across the whole slide.
    Chart { file: String },
    /// The title block's logo, fitted into its box.
    Logo { at: Rect },
}

impl Shape {
    pub fn text(at: Rect, paras: Vec<Vec<Run>>) -> Shape {
        Shape::Text {
            at,
            fill: None,
            bullets: false,
            paras,
        }
    }

    pub fn boxed(at: Rect, fill: &'static str, paras: Vec<Vec<Run>>) -> Shape {
        Shape::Text {
            at,
            fill: Some(fill),
            bullets: false,
            paras,
        }
    }

    pub fn bullets(at: Rect, paras: Vec<Vec<Run>>) -> Shape {
        Shape::Text {
            at,
            fill: None,
            bullets: true,
            paras,
        }
    }

    pub fn bar(at: Rect, fill: &'static str) -> Shape {
        Shape::Text {
            at,
            fill: Some(fill),
            bullets: false,
            paras: Vec::new(),
        }
    }
}

const NS: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 has no place for other control characters.
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The whole package as bytes.
pub fn write(
    doc: &Document,
    slides: &[Slide],
    charts: &[(String, Vec<u8>)],
) -> io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let put = |zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).map_err(io::Error::other)?;
        zip.write_all(bytes)
    };
    let lang = match doc.lang.code() {
        "pl" => "pl-PL",
        _ => "en-US",
    };
    let mut types = format!(
        "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Default Extension=\"png\" ContentType=\"image/png\"/>\
<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>\
<Default Extension=\"svg\" ContentType=\"image/svg+xml\"/>\
<Override PartName=\"/ppt/presentation.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml\"/>\
<Override PartName=\"/ppt/slideMasters/slideMaster1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml\"/>\
<Override PartName=\"/ppt/slideLayouts/slideLayout1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml\"/>\
<Override PartName=\"/ppt/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    );
    for i in 1..=slides.len() {
        types.push_str(&format!(
            "<Override PartName=\"/ppt/slides/slide{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>"
        ));
    }
    types.push_str("</Types>");
    put(&mut zip, "[Content_Types].xml", types.as_bytes())?;
    put(
        &mut zip,
        "_rels/.rels",
        format!(
            "{DECL}<Relationships xmlns=\"{PKG_REL}\">\
<Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"ppt/presentation.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>"
        )
        .as_bytes(),
    )?;
    put(
        &mut zip,
        "docProps/core.xml",
        format!(
            "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:language>{lang}</dc:language></cp:coreProperties>",
            esc(&doc.title)
        )
        .as_bytes(),
    )?;
    put(
        &mut zip,
        "docProps/app.xml",
        format!(
            "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>roi</Application><Slides>{}</Slides></Properties>",
            slides.len()
        )
        .as_bytes(),
    )?;
    let mut pres = format!(
        "{DECL}<p:presentation {NS}><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst><p:sldIdLst>"
    );
    let mut pres_rels = format!(
        "{DECL}<Relationships xmlns=\"{PKG_REL}\"><Relationship Id=\"rId1\" Type=\"{REL}/slideMaster\" Target=\"slideMasters/slideMaster1.xml\"/>\
<Relationship Id=\"rId2\" Type=\"{REL}/theme\" Target=\"theme/theme1.xml\"/>"
    );
    for i in 1..=slides.len() {
        pres.push_str(&format!(
            "<p:sldId id=\"{}\" r:id=\"rId{}\"/>",
            255 + i,
            i + 2
        ));
        pres_rels.push_str(&format!(
            "<Relationship Id=\"rId{}\" Type=\"{REL}/slide\" Target=\"slides/slide{i}.xml\"/>",
            i + 2
        ));
    }
    pres.push_str(&format!(
        "</p:sldIdLst><p:sldSz cx=\"{W}\" cy=\"{H}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>"
    ));
    pres_rels.push_str("</Relationships>");
    put(&mut zip, "ppt/presentation.xml", pres.as_bytes())?;
    put(
        &mut zip,
        "ppt/_rels/presentation.xml.rels",
        pres_rels.as_bytes(),
    )?;
    let empty_tree = "<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree>";
    put(
        &mut zip,
        "ppt/slideMasters/slideMaster1.xml",
        format!(
            "{DECL}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>{empty_tree}</p:cSld>\
<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>\
<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst>\
<p:txStyles><p:titleStyle/><p:bodyStyle/><p:otherStyle/></p:txStyles></p:sldMaster>"
        )
        .as_bytes(),
    )?;
    put(
        &mut zip,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        format!(
            "{DECL}<Relationships xmlns=\"{PKG_REL}\"><Relationship Id=\"rId1\" Type=\"{REL}/slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/>\
<Relationship Id=\"rId2\" Type=\"{REL}/theme\" Target=\"../theme/theme1.xml\"/></Relationships>"
        )
        .as_bytes(),
    )?;
    put(
        &mut zip,
        "ppt/slideLayouts/slideLayout1.xml",
        format!(
            "{DECL}<p:sldLayout {NS} type=\"blank\" preserve=\"1\"><p:cSld name=\"Blank\">{empty_tree}</p:cSld>\
<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
        )
        .as_bytes(),
    )?;
    put(
        &mut zip,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
        format!(
            "{DECL}<Relationships xmlns=\"{PKG_REL}\"><Relationship Id=\"rId1\" Type=\"{REL}/slideMaster\" Target=\"../slideMasters/slideMaster1.xml\"/></Relationships>"
        )
        .as_bytes(),
    )?;
    put(&mut zip, "ppt/theme/theme1.xml", theme().as_bytes())?;
    // The media: each chart once, the logo once.
    let mut media: Vec<(String, &[u8])> = Vec::new();
    for (i, slide) in slides.iter().enumerate() {
        let mut xml = format!(
            "{DECL}<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
        );
        let mut rels = format!(
            "{DECL}<Relationships xmlns=\"{PKG_REL}\"><Relationship Id=\"rId1\" Type=\"{REL}/slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/>"
        );
        for (k, shape) in slide.shapes.iter().enumerate() {
            let id = k + 2;
            match shape {
                Shape::Text {
                    at,
                    fill,
                    bullets,
                    paras,
                } => xml.push_str(&text_shape(id, *at, *fill, *bullets, paras, lang)),
                Shape::Chart { file } => {
                    let Some((_, bytes)) = charts.iter().find(|(n, _)| n == file) else {
                        continue;
                    };
                    let target = media_name(&mut media, file, bytes);
                    let rid = format!("rId{id}");
                    rels.push_str(&format!(
                        "<Relationship Id=\"{rid}\" Type=\"{REL}/image\" Target=\"../media/{target}\"/>"
                    ));
                    xml.push_str(&picture(id, &rid, file, (0, 0, W, H)));
                }
                Shape::Logo { at } => {
                    let Some(logo) = &doc.logo else { continue };
                    let name = format!("logo.{}", logo.kind.extension());
                    let target = media_name(&mut media, &name, &logo.bytes);
                    let rid = format!("rId{id}");
                    rels.push_str(&format!(
                        "<Relationship Id=\"{rid}\" Type=\"{REL}/image\" Target=\"../media/{target}\"/>"
                    ));
                    xml.push_str(&picture(id, &rid, "logo", fit(*at, &logo.bytes)));
                }
            }
        }
        xml.push_str(
            "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
        );
        rels.push_str("</Relationships>");
        put(
            &mut zip,
            &format!("ppt/slides/slide{}.xml", i + 1),
            xml.as_bytes(),
        )?;
        put(
            &mut zip,
            &format!("ppt/slides/_rels/slide{}.xml.rels", i + 1),
            rels.as_bytes(),
        )?;
    }
    for (name, bytes) in &media {
        put(&mut zip, &format!("ppt/media/{name}"), bytes)?;
    }
    let cursor = zip.finish().map_err(io::Error::other)?;
    Ok(cursor.into_inner())
}

/// The media file a picture points to: added once, named by its source.
fn media_name<'a>(media: &mut Vec<(String, &'a [u8])>, name: &str, bytes: &'a [u8]) -> String {
    if !media.iter().any(|(n, _)| n == name) {
        media.push((name.to_string(), bytes));
    }
    name.to_string()
}

/// A PNG's box fitted into `at`, keeping its proportions, right-aligned; other images fill it.
fn fit(at: Rect, bytes: &[u8]) -> Rect {
    let (x, y, w, h) = at;
    if bytes.len() < 24 || !bytes.starts_with(b"\x89PNG") {
        return at;
    }
    let pw = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]) as i64;
    let ph = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]) as i64;
    if pw <= 0 || ph <= 0 {
        return at;
    }
    let (fw, fh) = if w * ph > h * pw {
        (h * pw / ph, h)
    } else {
        (w, w * ph / pw)
    };
    (x + w - fw, y, fw, fh)
}

fn picture(id: usize, rid: &str, name: &str, (x, y, w, h): Rect) -> String {
    format!(
        "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"{}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>\
<p:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>\
<p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{w}\" cy=\"{h}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
        esc(name),
        esc(name)
    )
}

fn text_shape(
    id: usize,
    (x, y, w, h): Rect,
    fill: Option<&str>,
    bullets: bool,
    paras: &[Vec<Run>],
    lang: &str,
) -> String {
    let fill = fill.map_or_else(
        || "<a:noFill/>".to_string(),
        |c| format!("<a:solidFill><a:srgbClr val=\"{c}\"/></a:solidFill>"),
    );
    let mut body = String::new();
    for runs in paras {
        body.push_str("<a:p>");
        if bullets {
            body.push_str("<a:pPr marL=\"285750\" indent=\"-285750\"><a:spcBef><a:spcPts val=\"600\"/></a:spcBef><a:buFont typeface=\"Arial\"/><a:buChar char=\"•\"/></a:pPr>");
        } else {
            body.push_str("<a:pPr><a:spcBef><a:spcPts val=\"300\"/></a:spcBef></a:pPr>");
        }
        for (text, size, bold, colour) in runs {
            body.push_str(&format!(
                "<a:r><a:rPr lang=\"{lang}\" sz=\"{size}\" b=\"{}\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill>\
<a:latin typeface=\"DejaVu Sans\"/><a:cs typeface=\"DejaVu Sans\"/></a:rPr><a:t>{}</a:t></a:r>",
                u8::from(*bold),
                esc(text)
            ));
        }
        body.push_str("</a:p>");
    }
    if paras.is_empty() {
        body.push_str(&format!("<a:p><a:endParaRPr lang=\"{lang}\"/></a:p>"));
    }
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Text {id}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr>\
<p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{w}\" cy=\"{h}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>{fill}</p:spPr>\
<p:txBody><a:bodyPr wrap=\"square\" lIns=\"91440\" tIns=\"91440\" rIns=\"91440\" bIns=\"91440\" anchor=\"t\"><a:normAutofit/></a:bodyPr><a:lstStyle/>{body}</p:txBody></p:sp>"
    )
}

/// A plain theme: the colours of the charts, DejaVu Sans.
fn theme() -> String {
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = "<a:ln w=\"9525\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>";
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        "{DECL}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"roi\"><a:themeElements>\
<a:clrScheme name=\"roi\"><a:dk1><a:srgbClr val=\"1F1F1F\"/></a:dk1><a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1>\
<a:dk2><a:srgbClr val=\"0B4F7C\"/></a:dk2><a:lt2><a:srgbClr val=\"EAF3FA\"/></a:lt2>\
<a:accent1><a:srgbClr val=\"0072B2\"/></a:accent1><a:accent2><a:srgbClr val=\"009E73\"/></a:accent2>\
<a:accent3><a:srgbClr val=\"E69F00\"/></a:accent3><a:accent4><a:srgbClr val=\"56B4E9\"/></a:accent4>\
<a:accent5><a:srgbClr val=\"CC79A7\"/></a:accent5><a:accent6><a:srgbClr val=\"D55E00\"/></a:accent6>\
<a:hlink><a:srgbClr val=\"0072B2\"/></a:hlink><a:folHlink><a:srgbClr val=\"CC79A7\"/></a:folHlink></a:clrScheme>\
<a:fontScheme name=\"roi\"><a:majorFont><a:latin typeface=\"DejaVu Sans\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont>\
<a:minorFont><a:latin typeface=\"DejaVu Sans\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont></a:fontScheme>\
<a:fmtScheme name=\"roi\"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{line}{line}{line}</a:lnStyleLst>\
<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst><a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>\
</a:themeElements></a:theme>"
    )
}
