//! Factur-X XMP properties, spliced into the PDF krilla wrote.
//!
//! Factur-X (and ZUGFeRD 2) requires, besides the embedded `factur-x.xml`, four properties in
//! the document's XMP metadata (`fx:DocumentType`, `fx:DocumentFileName`, `fx:Version`,
//! `fx:ConformanceLevel`) and, PDF/A requiring every non-standard property to be described,
//! a PDF/A extension schema for them. krilla 0.8 writes the XMP packet itself and offers no
//! way to add properties, so [`add_xmp_properties`] edits the finished file: it inserts the
//! schema into krilla's `pdfaExtension:schemas` bag and the properties as a new
//! `rdf:Description`, then updates the stream's `/Length`, the offsets of the objects after
//! it in the cross-reference table, and `startxref`. krilla writes the metadata stream
//! uncompressed and a classic `xref` table (pdf-writer's 20-byte entries); anything else is
//! refused with [`PdfError::Export`] rather than producing a damaged file. The edit is a pure
//! function of the bytes, so the output stays deterministic.

use crate::PdfError;

/// The embedded XML's name, fixed by the Factur-X specification.
pub(crate) const FILE_NAME: &str = "factur-x.xml";

/// Factur-X's XMP namespace.
const NAMESPACE: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

/// The Factur-X profile of the embedded XML (`fx:ConformanceLevel`).
pub(crate) const EN_16931: &str = "EN 16931";

const PDFA_SCHEMA_NS: &str = "http://www.aiim.org/pdfa/ns/schema#";
const PDFA_PROPERTY_NS: &str = "http://www.aiim.org/pdfa/ns/property#";

fn err(what: &str) -> PdfError {
    PdfError::Export(format!("Factur-X XMP metadata: {what}"))
}

/// The extension schema describing the `fx` properties, as an item of
/// `pdfaExtension:schemas`.
fn schema_item(declare: &str) -> String {
    let property = |name: &str, description: &str| {
        format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>\
             <pdfaProperty:valueType>Text</pdfaProperty:valueType>\
             <pdfaProperty:category>external</pdfaProperty:category>\
             <pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"
        )
    };
    format!(
        "<rdf:li rdf:parseType=\"Resource\"{declare}>\
         <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\
         <pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>\
         <pdfaSchema:prefix>fx</pdfaSchema:prefix>\
         <pdfaSchema:property><rdf:Seq>{}{}{}{}</rdf:Seq></pdfaSchema:property></rdf:li>",
        property("DocumentFileName", "The name of the embedded XML document"),
        property(
            "DocumentType",
            "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"
        ),
        property(
            "Version",
            "The actual version of the standard applying to the embedded XML document"
        ),
        property(
            "ConformanceLevel",
            "The conformance level of the embedded XML document"
        ),
    )
}

/// The `fx` properties.
fn properties(level: &str) -> String {
    format!(
        "<rdf:Description rdf:about=\"\" xmlns:fx=\"{NAMESPACE}\">\
         <fx:DocumentType>INVOICE</fx:DocumentType>\
         <fx:DocumentFileName>{FILE_NAME}</fx:DocumentFileName>\
         <fx:Version>1.0</fx:Version>\
         <fx:ConformanceLevel>{level}</fx:ConformanceLevel></rdf:Description>"
    )
}

/// Adds the Factur-X properties and their extension schema to an XMP packet.
fn edit_xmp(xmp: &str, level: &str) -> Result<String, PdfError> {
    if xmp.contains(NAMESPACE) {
        return Err(err("the packet already has Factur-X properties"));
    }
    let end_rdf = xmp
        .rfind("</rdf:RDF>")
        .ok_or_else(|| err("no </rdf:RDF> in the packet"))?;
    // Namespaces the schema's elements use, declared on the item unless the packet's
    // description declares them already.
    let mut declare = String::new();
    for (prefix, url) in [
        ("pdfaSchema", PDFA_SCHEMA_NS),
        ("pdfaProperty", PDFA_PROPERTY_NS),
    ] {
        if !xmp.contains(&format!("xmlns:{prefix}=\"{url}\"")) {
            declare.push_str(&format!(" xmlns:{prefix}=\"{url}\""));
        }
    }
    let schema = schema_item(&declare);
    let mut out = String::with_capacity(xmp.len() + schema.len() + 600);
    let bag_end = "</rdf:Bag></pdfaExtension:schemas>";
    match (xmp.find(bag_end), xmp.matches(bag_end).count()) {
        (Some(at), 1) if at < end_rdf => {
            // krilla's bag of extension schemas (PDF/A): the Factur-X schema joins it.
            out.push_str(&xmp[..at]);
            out.push_str(&schema);
            out.push_str(&xmp[at..end_rdf]);
            out.push_str(&properties(level));
        }
        (None, 0) => {
            if xmp.contains("pdfaExtension:schemas") {
                return Err(err("unexpected form of pdfaExtension:schemas"));
            }
            out.push_str(&xmp[..end_rdf]);
            out.push_str(&format!(
                "<rdf:Description rdf:about=\"\" \
                 xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\">\
                 <pdfaExtension:schemas><rdf:Bag>{schema}</rdf:Bag></pdfaExtension:schemas>\
                 </rdf:Description>"
            ));
            out.push_str(&properties(level));
        }
        _ => return Err(err("unexpected form of pdfaExtension:schemas")),
    }
    out.push_str(&xmp[end_rdf..]);
    Ok(out)
}

/// The first `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut at = from;
    while let Some(p) = haystack.get(at..)?.iter().position(|&b| b == first) {
        if haystack[at + p..].starts_with(needle) {
            return Some(at + p);
        }
        at += p + 1;
    }
    None
}

/// The last `needle` in `haystack` that starts before `before`.
fn rfind(haystack: &[u8], needle: &[u8], before: usize) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut end = before.min(haystack.len());
    while let Some(p) = haystack[..end].iter().rposition(|&b| b == first) {
        if haystack[p..].starts_with(needle) {
            return Some(p);
        }
        end = p;
    }
    None
}

/// Reads the decimal number at `at` (its end, its value).
fn number(pdf: &[u8], at: usize) -> Option<(usize, usize)> {
    let digits = pdf
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits > 12 {
        return None;
    }
    let value = std::str::from_utf8(&pdf[at..at + digits])
        .ok()?
        .parse()
        .ok()?;
    Some((at + digits, value))
}

/// Adds the Factur-X XMP properties (`level`: the profile, e.g. [`EN_16931`]) with their
/// PDF/A extension schema to a PDF written by krilla with an XMP metadata stream.
pub(crate) fn add_xmp_properties(pdf: &[u8], level: &str) -> Result<Vec<u8>, PdfError> {
    // The metadata stream object: `N 0 obj <</Length L /Type /Metadata /Subtype /XML>>
    // stream\n…\nendstream`.
    // krilla writes it last but the catalog, so it is looked for from the end (the catalog
    // must name it as the document's metadata). pdf-writer leaves out the space between a
    // key and a name unless writing "pretty".
    let type_at = [&b"/Type/Metadata"[..], b"/Type /Metadata"]
        .iter()
        .filter_map(|s| rfind(pdf, s, pdf.len()))
        .max()
        .ok_or_else(|| err("no /Type /Metadata stream"))?;
    let obj_at = rfind(pdf, b" obj", type_at).ok_or_else(|| err("no object header"))?;
    let id_at = pdf[..obj_at]
        .iter()
        .rposition(|b| !b.is_ascii_digit() && *b != b' ')
        .map_or(0, |p| p + 1);
    let id = std::str::from_utf8(&pdf[id_at..obj_at])
        .ok()
        .and_then(|s| s.split_once(' '))
        .filter(|(_, generation)| *generation == "0")
        .map(|(id, _)| id.to_owned())
        .ok_or_else(|| err("no object header"))?;
    let stream_kw =
        find(pdf, b"stream", type_at).ok_or_else(|| err("the metadata is not a stream"))?;
    let dict = &pdf[obj_at..stream_kw];
    if (find(dict, b"/Subtype/XML", 0).is_none() && find(dict, b"/Subtype /XML", 0).is_none())
        || find(dict, b"/Filter", 0).is_some()
        || find(dict, b"endobj", 0).is_some()
        || find(dict, b"/Length", 0).is_none()
    {
        return Err(err("the metadata stream is not a plain XML stream"));
    }
    let length_key = obj_at + find(dict, b"/Length", 0).unwrap_or(0);
    let length_at = length_key + b"/Length".len();
    let length_at = length_at + pdf[length_at..].iter().take_while(|b| **b == b' ').count();
    let (length_end, length) =
        number(pdf, length_at).ok_or_else(|| err("the /Length is not a number"))?;
    if pdf.get(length_end) == Some(&b' ') && pdf.get(length_end + 1).is_some_and(u8::is_ascii_digit)
    {
        return Err(err("the /Length is an indirect reference"));
    }
    let data_at = stream_kw
        + b"stream".len()
        + match &pdf[stream_kw + 6..] {
            [b'\r', b'\n', ..] => 2,
            [b'\n', ..] => 1,
            _ => return Err(err("no end of line after `stream`")),
        };
    let data_end = data_at + length;
    let after = pdf
        .get(data_end..)
        .ok_or_else(|| err("the stream runs past the file's end"))?;
    let after = after
        .strip_prefix(b"\r\n")
        .or_else(|| after.strip_prefix(b"\n"))
        .unwrap_or(after);
    if !after.starts_with(b"endstream") {
        return Err(err("the /Length does not end at `endstream`"));
    }
    let xmp = std::str::from_utf8(&pdf[data_at..data_end])
        .map_err(|_| err("the XMP packet is not UTF-8"))?;
    if !xmp.contains("<x:xmpmeta") {
        return Err(err("the metadata stream is not an XMP packet"));
    }
    let xmp = edit_xmp(xmp, level)?;
    let named = format!("/Metadata {id} 0 R");
    if find(pdf, named.as_bytes(), data_end)
        .or_else(|| find(pdf, named.as_bytes(), 0))
        .is_none()
    {
        return Err(err("no catalog names the metadata stream"));
    }

    // The cross-reference table, read before anything moves.
    let startxref = rfind(pdf, b"startxref", pdf.len()).ok_or_else(|| err("no startxref"))?;
    let xref_value_at = startxref
        + b"startxref".len()
        + pdf[startxref + 9..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let (xref_value_end, xref_at) =
        number(pdf, xref_value_at).ok_or_else(|| err("startxref is not a number"))?;
    if xref_at <= data_end || !pdf.get(xref_at..).is_some_and(|x| x.starts_with(b"xref")) {
        return Err(err(
            "startxref does not point to an xref table after the metadata",
        ));
    }

    // The file with the longer packet and its new /Length: everything from the /Length's
    // digits on moves by `delta`.
    let mut out = Vec::with_capacity(pdf.len() + xmp.len() - length + 16);
    out.extend_from_slice(&pdf[..length_at]);
    out.extend_from_slice(xmp.len().to_string().as_bytes());
    out.extend_from_slice(&pdf[length_end..data_at]);
    out.extend_from_slice(xmp.as_bytes());
    let moved_from = length_at;
    // The old bytes up to `data_end` are now `out`: what follows moves by the difference.
    let delta = out.len() as isize - data_end as isize;

    // Everything from `endstream` up to the xref table is copied unchanged.
    out.extend_from_slice(&pdf[data_end..xref_at]);
    // The xref table: `xref`, then subsections `first count` with 20-byte entries.
    let mut at = xref_at + b"xref".len();
    let eol = |pdf: &[u8], at: usize| match &pdf[at..] {
        [b'\r', b'\n', ..] | [b' ', b'\n', ..] | [b' ', b'\r', ..] => Some(at + 2),
        [b'\n', ..] | [b'\r', ..] => Some(at + 1),
        _ => None,
    };
    let mut xref = b"xref".to_vec();
    let header_end = eol(pdf, at).ok_or_else(|| err("malformed xref table"))?;
    xref.extend_from_slice(&pdf[at..header_end]);
    at = header_end;
    let mut entries = 0;
    while !pdf[at..].starts_with(b"trailer") {
        let (first_end, _) = number(pdf, at).ok_or_else(|| err("malformed xref subsection"))?;
        if pdf.get(first_end) != Some(&b' ') {
            return Err(err("malformed xref subsection"));
        }
        let (count_end, count) =
            number(pdf, first_end + 1).ok_or_else(|| err("malformed xref subsection"))?;
        let line_end = eol(pdf, count_end).ok_or_else(|| err("malformed xref subsection"))?;
        xref.extend_from_slice(&pdf[at..line_end]);
        at = line_end;
        for _ in 0..count {
            let entry = pdf
                .get(at..at + 20)
                .ok_or_else(|| err("truncated xref table"))?;
            let (offset_end, offset) =
                number(entry, 0).ok_or_else(|| err("malformed xref entry"))?;
            if offset_end != 10 || entry[10] != b' ' || entry[16] != b' ' {
                return Err(err("malformed xref entry"));
            }
            match entry[17] {
                b'n' if offset > moved_from => {
                    let moved = offset as isize + delta;
                    if !(0..10_000_000_000).contains(&moved) {
                        return Err(err("offset out of range"));
                    }
                    xref.extend_from_slice(format!("{moved:010}").as_bytes());
                    xref.extend_from_slice(&entry[10..]);
                }
                b'n' | b'f' => xref.extend_from_slice(entry),
                _ => return Err(err("malformed xref entry")),
            }
            at += 20;
            entries += 1;
        }
    }
    if entries == 0 {
        return Err(err("empty xref table"));
    }
    out.extend_from_slice(&xref);
    // The trailer up to startxref's value, the new value, the rest.
    out.extend_from_slice(&pdf[at..xref_value_at]);
    out.extend_from_slice((xref_at as isize + delta).to_string().as_bytes());
    out.extend_from_slice(&pdf[xref_value_end..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XMP: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
        <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
        xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description \
        rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
        xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
        xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"><pdfaExtension:schemas>\
        <rdf:Bag><rdf:li rdf:parseType=\"Resource\"><pdfaSchema:prefix>pdf</pdfaSchema:prefix>\
        </rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description></rdf:RDF></x:xmpmeta>\
        <?xpacket end=\"r\"?>";

    /// A small PDF as pdf-writer writes one: objects, a classic xref table, the trailer.
    fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n", objects.len() + 1).as_bytes());
        out.extend_from_slice(b"0000000000 65535 f\r\n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn stream(dict: &str, data: &str) -> Vec<u8> {
        format!("<<{dict}>>\nstream\n{data}\nendstream").into_bytes()
    }

    fn metadata(xmp: &str) -> Vec<u8> {
        stream(
            &format!("/Length {}/Type/Metadata/Subtype/XML", xmp.len()),
            xmp,
        )
    }

    fn sample(xmp: &str) -> Vec<u8> {
        pdf(&[
            b"<</Type/Catalog/Metadata 3 0 R/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[]/Count 0>>".to_vec(),
            metadata(xmp),
            b"<</Producer(after the metadata)>>".to_vec(),
            stream("/Length 5/Kind/Tail", "abcde"),
        ])
    }

    /// Checks that each xref entry points at its object and startxref at the table.
    fn assert_xref_consistent(pdf: &[u8]) {
        let at = rfind(pdf, b"startxref", pdf.len()).unwrap();
        let (_, xref) = number(pdf, at + 10).unwrap();
        assert!(
            pdf[xref..].starts_with(b"xref\n0 "),
            "startxref points at xref"
        );
        let (end, count) = number(pdf, xref + 7).unwrap();
        for i in 1..count {
            let entry = &pdf[end + 1 + 20 * i..end + 1 + 20 * (i + 1)];
            let (_, offset) = number(entry, 0).unwrap();
            let header = format!("{i} 0 obj");
            assert!(
                pdf[offset..].starts_with(header.as_bytes()),
                "object {i} is not at {offset}"
            );
        }
    }

    /// The data of the stream whose dictionary starts with `/Length`, read by its length.
    fn stream_data(pdf: &[u8], after: &[u8]) -> String {
        let at = find(pdf, after, 0).unwrap();
        let length_at = rfind(pdf, b"/Length ", at).unwrap() + 8;
        let (_, length) = number(pdf, length_at).unwrap();
        let data = find(pdf, b"stream\n", at).unwrap() + 7;
        assert!(pdf[data + length..].starts_with(b"\nendstream"));
        String::from_utf8(pdf[data..data + length].to_vec()).unwrap()
    }

    #[test]
    fn properties_join_the_extension_schemas_and_offsets_follow() {
        let before = sample(XMP);
        assert_xref_consistent(&before);
        let after = add_xmp_properties(&before, EN_16931).unwrap();
        assert_xref_consistent(&after);
        let xmp = stream_data(&after, b"/Type/Metadata");
        // One bag, now with two schemas; the properties in their own description.
        assert_eq!(xmp.matches("<pdfaExtension:schemas>").count(), 1);
        assert_eq!(xmp.matches("<pdfaSchema:prefix>").count(), 2);
        assert!(xmp.contains(
            "<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#\
             </pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix>"
        ));
        for name in [
            "DocumentFileName",
            "DocumentType",
            "Version",
            "ConformanceLevel",
        ] {
            assert!(xmp.contains(&format!(
                "<pdfaProperty:name>{name}</pdfaProperty:name>\
                 <pdfaProperty:valueType>Text</pdfaProperty:valueType>\
                 <pdfaProperty:category>external</pdfaProperty:category>"
            )));
        }
        assert!(xmp.contains("<fx:DocumentType>INVOICE</fx:DocumentType>"));
        assert!(xmp.contains("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>"));
        assert!(xmp.contains("<fx:Version>1.0</fx:Version>"));
        assert!(xmp.contains("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>"));
        // The namespaces were declared by the packet already.
        assert!(!xmp.contains("<rdf:li rdf:parseType=\"Resource\" xmlns:"));
        assert!(xmp.ends_with("</rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>"));
        // The objects after it are intact; same input, same output.
        assert_eq!(stream_data(&after, b"/Kind/Tail"), "abcde");
        assert_eq!(add_xmp_properties(&before, EN_16931).unwrap(), after);
    }

    #[test]
    fn a_packet_without_extension_schemas_gets_a_bag() {
        let xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
                   xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description \
                   rdf:about=\"\"/></rdf:RDF></x:xmpmeta>";
        let after = add_xmp_properties(&sample(xmp), EN_16931).unwrap();
        assert_xref_consistent(&after);
        let xmp = stream_data(&after, b"/Type/Metadata");
        assert!(xmp.contains(
            "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\" \
             xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
             xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">"
        ));
        assert!(xmp.contains("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>"));
    }

    #[test]
    fn a_length_gaining_digits_still_adds_up() {
        // 99 bytes of packet: the new /Length has more digits.
        let short = "<x:xmpmeta><rdf:RDF></rdf:RDF></x:xmpmeta>";
        let xmp = format!("{short}{}", " ".repeat(99 - short.len()));
        assert_eq!(xmp.len(), 99);
        let after = add_xmp_properties(&sample(&xmp), EN_16931).unwrap();
        assert_xref_consistent(&after);
        assert!(stream_data(&after, b"/Type/Metadata").len() > 1000);
    }

    #[test]
    fn unexpected_files_are_refused() {
        let export = |pdf: &[u8]| match add_xmp_properties(pdf, EN_16931) {
            Err(PdfError::Export(e)) => e,
            other => panic!("expected an export error, got {other:?}"),
        };
        // No metadata stream.
        let none = pdf(&[b"<</Type/Catalog>>".to_vec()]);
        assert!(export(&none).contains("no /Type /Metadata"));
        // Compressed metadata.
        let compressed = pdf(&[stream(
            "/Length 3/Filter/FlateDecode/Type/Metadata/Subtype/XML",
            "xyz",
        )]);
        assert!(export(&compressed).contains("not a plain XML stream"));
        // A /Length that does not match the data.
        let mut wrong = metadata(XMP);
        wrong.splice(10..13, b"100".iter().copied());
        assert!(export(&pdf(&[wrong])).contains("endstream"));
        // Already spliced.
        let once = add_xmp_properties(&sample(XMP), EN_16931).unwrap();
        assert!(export(&once).contains("already"));
        // A cross-reference stream instead of a table.
        let mut xref_stream = sample(XMP);
        let at = rfind(&xref_stream, b"xref\n0 ", xref_stream.len()).unwrap();
        xref_stream[at..at + 4].copy_from_slice(b"XREF");
        assert!(export(&xref_stream).contains("xref table"));
        // A metadata stream that is not the document's.
        let unnamed = pdf(&[b"<</Type/Catalog>>".to_vec(), metadata(XMP)]);
        assert!(export(&unnamed).contains("no catalog names"));
        // Truncated.
        let full = sample(XMP);
        assert!(add_xmp_properties(&full[..full.len() - 40], EN_16931).is_err());
    }
}
