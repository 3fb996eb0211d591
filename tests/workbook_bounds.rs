//! Workbooks that lie about their size: an .ods whose repeat counts ask for a hundred million
//! cells, and zips whose central directory understates what a part inflates to. Each is
//! refused with a located message, exit code 1 and nothing written, within a memory limit
//! (256 MiB of address space); honest workbooks of the same shape are read.

use crate::common::{self, Fixture};
use std::io::Write as _;

/// `roi` under a virtual memory limit of `mib` MiB (the shell's `ulimit -v`).
fn roi_within(f: &Fixture, mib: u64, args: &[&str]) -> common::Run {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", mib << 10))
        .arg(env!("CARGO_BIN_EXE_roi"))
        .args(args)
        .current_dir(f.dir.path())
        .output()
        .unwrap();
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn refused(run: &common::Run, needle: &str) {
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        common::flat(&run.stderr).contains(needle),
        "missing {needle:?} in:\n{}",
        run.stderr
    );
}

/// A one-sheet .ods (sheet `Data`): a `cycle_time_h` header, then `rows` as content.xml
/// holds them.
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Data\">\
         <table:table-row><table:table-cell office:value-type=\"string\"><text:p>cycle_time_h</text:p>\
         </table:table-cell></table:table-row>{rows}</table:table></office:spreadsheet></office:body>\
         </office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file("META-INF/manifest.xml", deflated).unwrap();
    out.write_all(manifest.as_bytes()).unwrap();
    out.start_file("content.xml", deflated).unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

/// A row of `n` cells holding the number `v`, repeated `times` times.
fn repeated(v: f64, n: u64, times: u64) -> String {
    format!(
        "<table:table-row table:number-rows-repeated=\"{times}\"><table:table-cell \
         table:number-columns-repeated=\"{n}\" office:value-type=\"float\" office:value=\"{v}\">\
         <text:p>{v}</text:p></table:table-cell></table:table-row>"
    )
}

#[test]
fn an_ods_repeating_a_value_over_millions_of_cells_is_refused_at_its_far_cell() {
    // Was: a 1.2 KB .ods took 3.1 GB and aborted: calamine repeats each row and cell as
    // often as the file says. Here one number, 16,384 columns wide, 6,000 rows down: within
    // calamine's own limit of 100 million cells, it took 6.1 GB.
    let f = Fixture::new();
    let bomb = ods(&repeated(4.5, 16_384, 6_000));
    assert!(bomb.len() < 2_000, "{}", bomb.len());
    f.write_bytes("today.ods", &bomb);
    let run = roi_within(
        &f,
        256,
        &["compute", "today.ods", "today.ods", "--out", "out"],
    );
    refused(
        &run,
        "today.ods:Data!XFD6001: sheet Data has cells from A1 to XFD6001, more than roi reads of a sheet",
    );
    assert!(
        run.stderr.contains("at most 16777216 cells"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("out"), "a report was written");
    // Repeated down a single column, far fewer cells: read, every repeat a case.
    f.write_bytes("col.ods", &ods(&repeated(4.5, 1, 1_000)));
    let run = roi_within(
        &f,
        256,
        &[
            "compute",
            "col.ods",
            "col.ods",
            "--format",
            "json",
            "--no-charts",
            "--out",
            "col",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("col/summary.json")).unwrap())
            .unwrap();
    assert_eq!(j["metrics"]["cycle_time"]["today"]["n"], 1000);
    assert_eq!(j["metrics"]["cycle_time"]["today"]["mean"], 4.5);
}

#[test]
fn libreoffice_s_trailing_empty_rows_and_columns_read_as_nothing() {
    // LibreOffice pads a sheet with empty cells to column 16,384 and empty rows to row
    // 1,048,576: they are no cells, and the sheet reads as its three rows.
    let f = Fixture::new();
    let rows = format!(
        "{}{}{}<table:table-row table:number-rows-repeated=\"1048572\"><table:table-cell \
         table:number-columns-repeated=\"16384\"/></table:table-row>",
        repeated(2.0, 1, 1),
        repeated(4.0, 1, 1),
        repeated(9.0, 1, 1)
    )
    .replace(
        "</table:table-cell></table:table-row>",
        "</table:table-cell><table:table-cell table:number-columns-repeated=\"16383\"/></table:table-row>",
    );
    f.write_bytes("today.ods", &ods(&rows));
    let run = roi_within(
        &f,
        256,
        &[
            "compute",
            "today.ods",
            "today.ods",
            "--format",
            "json",
            "--no-charts",
            "--out",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("out/summary.json")).unwrap())
            .unwrap();
    let today = &j["metrics"]["cycle_time"]["today"];
    assert_eq!(today["n"], 3);
    assert_eq!(today["mean"], 5.0);
}

/// The zip with the sizes its central directory and local headers declare for `part`
/// replaced by `size`: a directory that lies.
fn understate(mut zip: Vec<u8>, part: &str, size: u32) -> Vec<u8> {
    let le16 = |b: &[u8], at: usize| usize::from(u16::from_le_bytes([b[at], b[at + 1]]));
    let mut patched = 0;
    let mut i = 0;
    while i + 46 <= zip.len() {
        let (sig, size_at, name_at, name_len) = match &zip[i..i + 4] {
            b"PK\x01\x02" => (true, i + 24, i + 46, le16(&zip, i + 28)),
            b"PK\x03\x04" => (true, i + 22, i + 30, le16(&zip, i + 26)),
            _ => (false, 0, 0, 0),
        };
        if sig && zip.get(name_at..name_at + name_len) == Some(part.as_bytes()) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 1;
    }
    assert_eq!(patched, 2, "{part} not found in the zip");
    zip
}

/// A small .xlsx of cycle times whose shared strings also hold one string of `pad` bytes.
fn xlsx_with_long_string(pad: usize) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Data").unwrap();
    sheet.write(0, 0, "cycle_time_h").unwrap();
    for r in 1..=3u32 {
        sheet.write(r, 0, f64::from(r)).unwrap();
    }
    sheet.write(0, 1, "note").unwrap();
    let valid = book.save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(valid)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for i in 0..source.len() {
        let entry = source.by_index_raw(i).unwrap();
        if entry.name().unwrap() != "xl/sharedStrings.xml" {
            out.raw_copy_file(entry).unwrap();
            continue;
        }
        drop(entry);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut source.by_index(i).unwrap(), &mut text).unwrap();
        let (head, tail) = text.split_at(text.rfind("</sst>").unwrap());
        out.start_file("xl/sharedStrings.xml", deflated).unwrap();
        out.write_all(head.as_bytes()).unwrap();
        out.write_all(b"<si><t>").unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..pad >> 20 {
            out.write_all(&chunk).unwrap();
        }
        out.write_all(b"</t></si>").unwrap();
        out.write_all(tail.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_zip_whose_directory_understates_a_part_is_refused_naming_it() {
    // The bomb check judges the declared sizes; the reading stops one byte past them. Here
    // the shared strings hold 400 MiB (about 400 KB packed) and declare 4 KB. (The zip
    // crate's own size check also stops them, said as an unreadable workbook that names no
    // part.)
    let f = Fixture::new();
    let honest = xlsx_with_long_string(400 << 20);
    assert!(honest.len() < 2 << 20, "{}", honest.len());
    let lying = understate(honest, "xl/sharedStrings.xml", 4_000);
    f.write_bytes("today.xlsx", &lying);
    let run = roi_within(
        &f,
        256,
        &["compute", "today.xlsx", "today.xlsx", "--out", "out"],
    );
    refused(
        &run,
        "today.xlsx: xl/sharedStrings.xml unpacks to more than the 4 KiB the workbook's zip \
         directory declares for it: a zip bomb or a damaged file",
    );
    assert!(!f.exists("out"), "a report was written");
    let pl = roi_within(&f, 256, &["check", "today.xlsx", "--lang", "pl"]);
    refused(&pl, "bomba zip");
    // The same workbook with a short string and honest sizes is read.
    f.write_bytes("ok.xlsx", &xlsx_with_long_string(0));
    let run = roi_within(&f, 256, &["check", "ok.xlsx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // An .ods's content.xml that declares less than it holds: refused the same way.
    let ods = understate(ods(&repeated(4.5, 1, 3)), "content.xml", 100);
    f.write_bytes("today.ods", &ods);
    let run = roi_within(&f, 256, &["check", "today.ods"]);
    refused(
        &run,
        "today.ods: content.xml unpacks to more than the 100 B the workbook's zip directory declares",
    );
}

/// The same four cases as a workbook: a date-time column, a case id written as a formula's
/// text, a boolean column, and cycle times as a number, a formula's number, a `#N/A`
/// formula and a number again.
fn kinds_book() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Cases").unwrap();
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in ["date", "case_id", "urgent", "cycle_time_h"]
        .iter()
        .enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for r in 1..=4u32 {
        let day = ExcelDateTime::from_ymd(2026, 3, 1 + r as u8)
            .unwrap()
            .and_hms(8, 30, 0)
            .unwrap();
        sheet
            .write_datetime_with_format(r, 0, &day, &stamp)
            .unwrap();
        let id = format!("C{r}");
        sheet
            .write_formula(r, 1, Formula::new(format!("=\"{id}\"")).set_result(id))
            .unwrap();
        sheet.write_boolean(r, 2, r % 2 == 0).unwrap();
    }
    sheet.write(1, 3, 4.5).unwrap();
    sheet
        .write_formula(2, 3, Formula::new("=1+1").set_result("2"))
        .unwrap();
    sheet
        .write_formula(3, 3, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    sheet.write(4, 3, 3.5).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn a_streamed_xlsx_reads_every_kind_of_cell_as_before() {
    // Cycle times 4.5, 2 (a formula's cached result), #N/A (not observed) and 3.5: n = 3,
    // mean 10 / 3; the cases dated 2026-03-02 to 2026-03-05 by their date-time cells.
    let f = Fixture::new();
    f.write_bytes("cases.xlsx", &kinds_book());
    let j = f.compute_json("cases.xlsx", "cases.xlsx", &["--no-charts"]);
    let today = &j["metrics"]["cycle_time"]["today"];
    assert_eq!(today["n"], 3, "{today}");
    assert_eq!(today["missing"], 1, "{today}");
    common::approx(&today["mean"], 10.0 / 3.0);
    let inputs = &j["inputs"]["today"];
    assert_eq!(inputs["first_date"], "2026-03-02");
    assert_eq!(inputs["last_date"], "2026-03-05");
}
