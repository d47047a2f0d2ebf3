//! UN/CEFACT Cross Industry Invoice (D16B) in the Factur-X / ZUGFeRD EN 16931 profile: the
//! XML a Factur-X PDF carries as `factur-x.xml`. Same content as the UBL.

use chrono::NaiveDate;
use orion_kernel::Address;

use super::model::{EDocument, EParty, money};
use super::xml::Xml;

/// The EN 16931 profile's guideline id (Factur-X "EN 16931", ZUGFeRD "COMFORT").
pub const GUIDELINE_ID: &str = "urn:cen.eu:en16931:2017";

fn date_102(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn date_time(x: &mut Xml, tag: &str, d: NaiveDate) {
    x.open(tag);
    x.leaf_with("udt:DateTimeString", &[("format", "102")], &date_102(d));
    x.close(tag);
}

/// The document as CII (type code 380 for an invoice, 381 for a credit note).
pub fn cii(d: &EDocument) -> String {
    let mut x = Xml::new();
    x.open_with(
        "rsm:CrossIndustryInvoice",
        &[
            (
                "xmlns:rsm",
                "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
            ),
            (
                "xmlns:qdt",
                "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
            ),
            (
                "xmlns:ram",
                "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
            ),
            (
                "xmlns:udt",
                "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
            ),
        ],
    );
    x.open("rsm:ExchangedDocumentContext");
    x.open("ram:GuidelineSpecifiedDocumentContextParameter");
    x.leaf("ram:ID", GUIDELINE_ID);
    x.close("ram:GuidelineSpecifiedDocumentContextParameter");
    x.close("rsm:ExchangedDocumentContext");

    x.open("rsm:ExchangedDocument");
    x.leaf("ram:ID", &d.number);
    x.leaf("ram:TypeCode", if d.credit_note { "381" } else { "380" });
    date_time(&mut x, "ram:IssueDateTime", d.issue_date);
    if let Some(note) = d.note.as_deref().filter(|n| !n.trim().is_empty()) {
        x.open("ram:IncludedNote");
        x.leaf("ram:Content", note);
        x.close("ram:IncludedNote");
    }
    x.close("rsm:ExchangedDocument");

    x.open("rsm:SupplyChainTradeTransaction");
    for l in &d.lines {
        x.open("ram:IncludedSupplyChainTradeLineItem");
        x.open("ram:AssociatedDocumentLineDocument");
        x.leaf("ram:LineID", &l.id.to_string());
        x.close("ram:AssociatedDocumentLineDocument");
        x.open("ram:SpecifiedTradeProduct");
        if let Some(gtin) = &l.gtin {
            x.leaf_with("ram:GlobalID", &[("schemeID", "0160")], gtin);
        }
        x.leaf_opt("ram:SellerAssignedID", l.sku.as_deref());
        x.leaf("ram:Name", &l.name);
        x.close("ram:SpecifiedTradeProduct");
        x.open("ram:SpecifiedLineTradeAgreement");
        x.open("ram:NetPriceProductTradePrice");
        x.leaf("ram:ChargeAmount", &l.price);
        x.close("ram:NetPriceProductTradePrice");
        x.close("ram:SpecifiedLineTradeAgreement");
        x.open("ram:SpecifiedLineTradeDelivery");
        x.leaf_with(
            "ram:BilledQuantity",
            &[("unitCode", "C62")],
            &l.quantity.to_string(),
        );
        x.close("ram:SpecifiedLineTradeDelivery");
        x.open("ram:SpecifiedLineTradeSettlement");
        x.open("ram:ApplicableTradeTax");
        x.leaf("ram:TypeCode", "VAT");
        x.leaf("ram:CategoryCode", l.category.code());
        x.leaf("ram:RateApplicablePercent", &l.rate);
        x.close("ram:ApplicableTradeTax");
        x.open("ram:SpecifiedTradeSettlementLineMonetarySummation");
        x.leaf("ram:LineTotalAmount", &money(l.net_cents));
        x.close("ram:SpecifiedTradeSettlementLineMonetarySummation");
        x.close("ram:SpecifiedLineTradeSettlement");
        x.close("ram:IncludedSupplyChainTradeLineItem");
    }

    x.open("ram:ApplicableHeaderTradeAgreement");
    x.leaf("ram:BuyerReference", &d.buyer_reference);
    party(&mut x, "ram:SellerTradeParty", &d.seller);
    party(&mut x, "ram:BuyerTradeParty", &d.buyer);
    if let Some(o) = &d.order_reference {
        x.open("ram:BuyerOrderReferencedDocument");
        x.leaf("ram:IssuerAssignedID", o);
        x.close("ram:BuyerOrderReferencedDocument");
    }
    x.close("ram:ApplicableHeaderTradeAgreement");

    x.open("ram:ApplicableHeaderTradeDelivery");
    x.open("ram:ShipToTradeParty");
    x.leaf_opt("ram:Name", d.deliver_to.name.as_deref());
    address(&mut x, &d.deliver_to);
    x.close("ram:ShipToTradeParty");
    x.open("ram:ActualDeliverySupplyChainEvent");
    date_time(&mut x, "ram:OccurrenceDateTime", d.supply_date);
    x.close("ram:ActualDeliverySupplyChainEvent");
    x.close("ram:ApplicableHeaderTradeDelivery");

    x.open("ram:ApplicableHeaderTradeSettlement");
    if d.iban.is_some() {
        x.leaf("ram:PaymentReference", &d.number);
    }
    x.leaf("ram:InvoiceCurrencyCode", &d.currency);
    if let Some(iban) = &d.iban {
        x.open("ram:SpecifiedTradeSettlementPaymentMeans");
        x.leaf("ram:TypeCode", "58");
        x.open("ram:PayeePartyCreditorFinancialAccount");
        x.leaf("ram:IBANID", iban);
        x.close("ram:PayeePartyCreditorFinancialAccount");
        if let Some(bic) = d.bic.as_deref().filter(|b| !b.trim().is_empty()) {
            x.open("ram:PayeeSpecifiedCreditorFinancialInstitution");
            x.leaf("ram:BICID", bic);
            x.close("ram:PayeeSpecifiedCreditorFinancialInstitution");
        }
        x.close("ram:SpecifiedTradeSettlementPaymentMeans");
    }
    for b in &d.breakdown {
        x.open("ram:ApplicableTradeTax");
        x.leaf("ram:CalculatedAmount", &money(b.vat_cents));
        x.leaf("ram:TypeCode", "VAT");
        if let Some((_, text)) = &b.exemption {
            x.leaf("ram:ExemptionReason", text);
        }
        x.leaf("ram:BasisAmount", &money(b.taxable_cents));
        x.leaf("ram:CategoryCode", b.category.code());
        if let Some((code, _)) = &b.exemption {
            x.leaf("ram:ExemptionReasonCode", code);
        }
        x.leaf("ram:RateApplicablePercent", &b.rate);
        x.close("ram:ApplicableTradeTax");
    }
    x.open("ram:SpecifiedTradePaymentTerms");
    x.leaf("ram:Description", &d.payment_terms);
    if let Some(due) = d.due_date.filter(|_| !d.credit_note) {
        date_time(&mut x, "ram:DueDateDateTime", due);
    }
    x.close("ram:SpecifiedTradePaymentTerms");
    x.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    x.leaf("ram:LineTotalAmount", &money(d.net_cents));
    x.leaf("ram:TaxBasisTotalAmount", &money(d.net_cents));
    x.leaf_with(
        "ram:TaxTotalAmount",
        &[("currencyID", d.currency.as_str())],
        &money(d.vat_cents),
    );
    x.leaf("ram:GrandTotalAmount", &money(d.gross_cents));
    x.leaf("ram:DuePayableAmount", &money(d.gross_cents));
    x.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    if let Some((number, date)) = &d.corrects {
        x.open("ram:InvoiceReferencedDocument");
        x.leaf("ram:IssuerAssignedID", number);
        x.open("ram:FormattedIssueDateTime");
        x.leaf_with("qdt:DateTimeString", &[("format", "102")], &date_102(*date));
        x.close("ram:FormattedIssueDateTime");
        x.close("ram:InvoiceReferencedDocument");
    }
    x.close("ram:ApplicableHeaderTradeSettlement");
    x.close("rsm:SupplyChainTradeTransaction");
    x.close("rsm:CrossIndustryInvoice");
    x.finish()
}

fn address(x: &mut Xml, a: &Address) {
    x.open("ram:PostalTradeAddress");
    x.leaf_opt("ram:PostcodeCode", Some(&a.postal_code));
    x.leaf_opt("ram:LineOne", Some(&a.street));
    x.leaf_opt("ram:CityName", Some(&a.city));
    x.leaf("ram:CountryID", &a.country);
    x.close("ram:PostalTradeAddress");
}

fn party(x: &mut Xml, tag: &str, p: &EParty) {
    x.open(tag);
    x.leaf("ram:Name", &p.name);
    if let Some(id) = &p.company_id {
        x.open("ram:SpecifiedLegalOrganization");
        x.leaf("ram:ID", id);
        x.close("ram:SpecifiedLegalOrganization");
    }
    if p.contact.is_some() {
        x.open("ram:DefinedTradeContact");
        x.leaf_opt("ram:PersonName", p.contact.as_deref());
        if let Some(email) = &p.email {
            x.open("ram:EmailURIUniversalCommunication");
            x.leaf("ram:URIID", email);
            x.close("ram:EmailURIUniversalCommunication");
        }
        x.close("ram:DefinedTradeContact");
    }
    address(x, &p.address);
    if let Some(e) = &p.endpoint {
        x.open("ram:URIUniversalCommunication");
        x.leaf_with("ram:URIID", &[("schemeID", e.scheme.as_str())], &e.id);
        x.close("ram:URIUniversalCommunication");
    }
    if let Some(vat) = &p.vat_id {
        x.open("ram:SpecifiedTaxRegistration");
        x.leaf_with("ram:ID", &[("schemeID", "VA")], vat);
        x.close("ram:SpecifiedTaxRegistration");
    }
    x.close(tag);
}
