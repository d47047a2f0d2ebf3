//! UBL 2.1 Invoice and CreditNote per Peppol BIS Billing 3.0.

use super::model::{EDocument, EParty, money};
use super::xml::Xml;
use orion_kernel::Address;

pub const CUSTOMIZATION_ID: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
pub const PROFILE_ID: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/// The document as UBL: an `Invoice` (type 380) or a `CreditNote` (type 381).
pub fn ubl(d: &EDocument) -> String {
    let mut x = Xml::new();
    let (root, ns, line_tag, qty_tag) = if d.credit_note {
        (
            "CreditNote",
            "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
            "cac:CreditNoteLine",
            "cbc:CreditedQuantity",
        )
    } else {
        (
            "Invoice",
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
            "cac:InvoiceLine",
            "cbc:InvoicedQuantity",
        )
    };
    x.open_with(
        root,
        &[("xmlns", ns), ("xmlns:cac", CAC), ("xmlns:cbc", CBC)],
    );
    x.leaf("cbc:CustomizationID", CUSTOMIZATION_ID);
    x.leaf("cbc:ProfileID", PROFILE_ID);
    x.leaf("cbc:ID", &d.number);
    x.leaf("cbc:IssueDate", &d.issue_date.to_string());
    if d.credit_note {
        x.leaf("cbc:CreditNoteTypeCode", "381");
    } else {
        if let Some(due) = d.due_date {
            x.leaf("cbc:DueDate", &due.to_string());
        }
        x.leaf("cbc:InvoiceTypeCode", "380");
    }
    x.leaf_opt("cbc:Note", d.note.as_deref());
    x.leaf("cbc:DocumentCurrencyCode", &d.currency);
    x.leaf("cbc:BuyerReference", &d.buyer_reference);
    if let Some(o) = &d.order_reference {
        x.open("cac:OrderReference");
        x.leaf("cbc:ID", o);
        x.close("cac:OrderReference");
    }
    if let Some((number, date)) = &d.corrects {
        x.open("cac:BillingReference");
        x.open("cac:InvoiceDocumentReference");
        x.leaf("cbc:ID", number);
        x.leaf("cbc:IssueDate", &date.to_string());
        x.close("cac:InvoiceDocumentReference");
        x.close("cac:BillingReference");
    }
    x.open("cac:AccountingSupplierParty");
    party(&mut x, &d.seller);
    x.close("cac:AccountingSupplierParty");
    x.open("cac:AccountingCustomerParty");
    party(&mut x, &d.buyer);
    x.close("cac:AccountingCustomerParty");

    x.open("cac:Delivery");
    x.leaf("cbc:ActualDeliveryDate", &d.supply_date.to_string());
    x.open("cac:DeliveryLocation");
    address(&mut x, "cac:Address", &d.deliver_to);
    x.close("cac:DeliveryLocation");
    if let Some(name) = d
        .deliver_to
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        x.open("cac:DeliveryParty");
        x.open("cac:PartyName");
        x.leaf("cbc:Name", name);
        x.close("cac:PartyName");
        x.close("cac:DeliveryParty");
    }
    x.close("cac:Delivery");

    if let Some(iban) = &d.iban {
        x.open("cac:PaymentMeans");
        x.leaf("cbc:PaymentMeansCode", "58");
        x.leaf("cbc:PaymentID", &d.number);
        x.open("cac:PayeeFinancialAccount");
        x.leaf("cbc:ID", iban);
        if let Some(bic) = d.bic.as_deref().filter(|b| !b.trim().is_empty()) {
            x.open("cac:FinancialInstitutionBranch");
            x.leaf("cbc:ID", bic);
            x.close("cac:FinancialInstitutionBranch");
        }
        x.close("cac:PayeeFinancialAccount");
        x.close("cac:PaymentMeans");
    }
    x.open("cac:PaymentTerms");
    x.leaf("cbc:Note", &d.payment_terms);
    x.close("cac:PaymentTerms");

    let cur = [("currencyID", d.currency.as_str())];
    x.open("cac:TaxTotal");
    x.leaf_with("cbc:TaxAmount", &cur, &money(d.vat_cents));
    for b in &d.breakdown {
        x.open("cac:TaxSubtotal");
        x.leaf_with("cbc:TaxableAmount", &cur, &money(b.taxable_cents));
        x.leaf_with("cbc:TaxAmount", &cur, &money(b.vat_cents));
        x.open("cac:TaxCategory");
        x.leaf("cbc:ID", b.category.code());
        x.leaf("cbc:Percent", &b.rate);
        if let Some((code, text)) = &b.exemption {
            x.leaf("cbc:TaxExemptionReasonCode", code);
            x.leaf("cbc:TaxExemptionReason", text);
        }
        vat_scheme(&mut x);
        x.close("cac:TaxCategory");
        x.close("cac:TaxSubtotal");
    }
    x.close("cac:TaxTotal");

    x.open("cac:LegalMonetaryTotal");
    x.leaf_with("cbc:LineExtensionAmount", &cur, &money(d.net_cents));
    x.leaf_with("cbc:TaxExclusiveAmount", &cur, &money(d.net_cents));
    x.leaf_with("cbc:TaxInclusiveAmount", &cur, &money(d.gross_cents));
    x.leaf_with("cbc:PayableAmount", &cur, &money(d.gross_cents));
    x.close("cac:LegalMonetaryTotal");

    for l in &d.lines {
        x.open(line_tag);
        x.leaf("cbc:ID", &l.id.to_string());
        x.leaf_with(qty_tag, &[("unitCode", "C62")], &l.quantity.to_string());
        x.leaf_with("cbc:LineExtensionAmount", &cur, &money(l.net_cents));
        x.open("cac:Item");
        x.leaf("cbc:Name", &l.name);
        if let Some(sku) = &l.sku {
            x.open("cac:SellersItemIdentification");
            x.leaf("cbc:ID", sku);
            x.close("cac:SellersItemIdentification");
        }
        if let Some(gtin) = &l.gtin {
            x.open("cac:StandardItemIdentification");
            x.leaf_with("cbc:ID", &[("schemeID", "0160")], gtin);
            x.close("cac:StandardItemIdentification");
        }
        x.open("cac:ClassifiedTaxCategory");
        x.leaf("cbc:ID", l.category.code());
        x.leaf("cbc:Percent", &l.rate);
        vat_scheme(&mut x);
        x.close("cac:ClassifiedTaxCategory");
        x.close("cac:Item");
        x.open("cac:Price");
        x.leaf_with("cbc:PriceAmount", &cur, &l.price);
        x.close("cac:Price");
        x.close(line_tag);
    }
    x.close(root);
    x.finish()
}

fn vat_scheme(x: &mut Xml) {
    x.open("cac:TaxScheme");
    x.leaf("cbc:ID", "VAT");
    x.close("cac:TaxScheme");
}

fn address(x: &mut Xml, tag: &str, a: &Address) {
    x.open(tag);
    x.leaf_opt("cbc:StreetName", Some(&a.street));
    x.leaf_opt("cbc:CityName", Some(&a.city));
    x.leaf_opt("cbc:PostalZone", Some(&a.postal_code));
    x.open("cac:Country");
    x.leaf("cbc:IdentificationCode", &a.country);
    x.close("cac:Country");
    x.close(tag);
}

fn party(x: &mut Xml, p: &EParty) {
    x.open("cac:Party");
    if let Some(e) = &p.endpoint {
        x.leaf_with("cbc:EndpointID", &[("schemeID", e.scheme.as_str())], &e.id);
    }
    x.open("cac:PartyName");
    x.leaf("cbc:Name", &p.name);
    x.close("cac:PartyName");
    address(x, "cac:PostalAddress", &p.address);
    if let Some(vat) = &p.vat_id {
        x.open("cac:PartyTaxScheme");
        x.leaf("cbc:CompanyID", vat);
        vat_scheme(x);
        x.close("cac:PartyTaxScheme");
    }
    x.open("cac:PartyLegalEntity");
    x.leaf("cbc:RegistrationName", &p.name);
    x.leaf_opt("cbc:CompanyID", p.company_id.as_deref());
    x.close("cac:PartyLegalEntity");
    if p.contact.is_some() || p.email.is_some() {
        x.open("cac:Contact");
        x.leaf_opt("cbc:Name", p.contact.as_deref());
        x.leaf_opt("cbc:ElectronicMail", p.email.as_deref());
        x.close("cac:Contact");
    }
    x.close("cac:Party");
}
