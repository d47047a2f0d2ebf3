//! Reading rendered PDFs back: text with `pdftotext`, document information with `pdfinfo`
//! (poppler-utils, required).

#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

/// The text of a PDF as `pdftotext` extracts it; pages are separated by form feeds.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdftotext(pdf, &[])
}

/// The text laid out as on the page: one line per row, so a table row reads as one line.
pub fn pdf_layout_text(pdf: &[u8]) -> String {
    pdftotext(pdf, &["-layout"])
}

pub fn pdftotext(pdf: &[u8], options: &[&str]) -> String {
    let mut child = Command::new("pdftotext")
        .args(options)
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext must be installed (Debian package poppler-utils)");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(pdf)
        .expect("pdftotext reads the PDF");
    let out = child.wait_with_output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// Text comparison that ignores how the extractor spaced or broke lines ("17 %" vs "17%").
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[track_caller]
pub fn assert_has(text: &str, needle: &str) {
    assert!(
        squash(text).contains(&squash(needle)),
        "expected {needle:?} in the PDF text:\n{text}"
    );
}

#[track_caller]
pub fn assert_lacks(text: &str, needle: &str) {
    assert!(
        !squash(text).contains(&squash(needle)),
        "did not expect {needle:?} in the PDF text:\n{text}"
    );
}

/// What `pdfinfo` says of a PDF (title, creator, page count…).
pub fn pdf_info(pdf: &[u8]) -> String {
    pdf_info_with(pdf, &[])
}

/// `pdfinfo` with options: `-struct-text` (the structure tree with its text), `-meta` (the
/// XMP packet)…
pub fn pdf_info_with(pdf: &[u8], options: &[&str]) -> String {
    poppler(pdf, "pdfinfo", options)
}

/// Runs a poppler tool (`pdfinfo`, `pdfdetach`…) on the PDF, written to a temporary file,
/// with `options` before the file name; its standard output.
pub fn poppler(pdf: &[u8], tool: &str, options: &[&str]) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "orion-pdf-{tool}-{}-{}.pdf",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(tool)
        .args(options)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{tool} must be installed (poppler-utils): {e}"));
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "{tool} failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
