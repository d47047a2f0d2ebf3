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
    let path = std::env::temp_dir().join(format!("orion-pdf-info-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo runs");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "pdfinfo failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
