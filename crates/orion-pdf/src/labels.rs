//! Every word a document prints in English, French and German, in one place: the PDF's
//! headings and column titles (`Labels`), and the texts invoicing writes into a document
//! when it is issued ([`shipping_line`], [`vat_ids_mention`]). The legal VAT mentions a
//! regime requires come with the VAT decision (`orion_vat::Mention`), in the same languages.

/// Every label of a document in one language.
pub(crate) struct Labels {
    pub(crate) invoice: &'static str,
    pub(crate) credit_note: &'static str,
    pub(crate) number: &'static str,
    pub(crate) issue_date: &'static str,
    pub(crate) supply_date: &'static str,
    pub(crate) due_date: &'static str,
    pub(crate) order_reference: &'static str,
    pub(crate) corrects: &'static str,
    pub(crate) reason: &'static str,
    pub(crate) bill_to: &'static str,
    pub(crate) ship_to: &'static str,
    pub(crate) vat_id: &'static str,
    pub(crate) position: &'static str,
    pub(crate) description: &'static str,
    pub(crate) sku: &'static str,
    pub(crate) quantity: &'static str,
    pub(crate) unit_price: &'static str,
    pub(crate) vat_rate: &'static str,
    pub(crate) amount: &'static str,
    pub(crate) breakdown: &'static str,
    pub(crate) taxable: &'static str,
    pub(crate) vat: &'static str,
    pub(crate) net_total: &'static str,
    pub(crate) vat_total: &'static str,
    pub(crate) gross_total: &'static str,
    pub(crate) payment_terms: &'static str,
    pub(crate) bank: &'static str,
    pub(crate) page: &'static str,
}

const EN: Labels = Labels {
    invoice: "Invoice",
    credit_note: "Credit note",
    number: "Number",
    issue_date: "Issue date",
    supply_date: "Supply date",
    due_date: "Due date",
    order_reference: "Order reference",
    corrects: "Corrects invoice",
    reason: "Reason",
    bill_to: "Bill to",
    ship_to: "Ship to",
    vat_id: "VAT no.",
    position: "#",
    description: "Description",
    sku: "SKU",
    quantity: "Qty",
    unit_price: "Unit price",
    vat_rate: "VAT",
    amount: "Amount",
    breakdown: "VAT breakdown",
    taxable: "Taxable amount",
    vat: "VAT",
    net_total: "Total excl. VAT",
    vat_total: "Total VAT",
    gross_total: "Total incl. VAT",
    payment_terms: "Payment terms",
    bank: "Bank details",
    page: "Page",
};

const FR: Labels = Labels {
    invoice: "Facture",
    credit_note: "Note de crédit",
    number: "Numéro",
    issue_date: "Date de facture",
    supply_date: "Date de livraison",
    due_date: "Date d'échéance",
    order_reference: "Référence de commande",
    corrects: "Rectifie la facture",
    reason: "Motif",
    bill_to: "Facturé à",
    ship_to: "Livré à",
    vat_id: "N° TVA",
    position: "N°",
    description: "Désignation",
    sku: "Réf.",
    quantity: "Qté",
    unit_price: "Prix unitaire",
    vat_rate: "TVA",
    amount: "Montant",
    breakdown: "Détail de la TVA",
    taxable: "Base imposable",
    vat: "TVA",
    net_total: "Total HT",
    vat_total: "Total TVA",
    gross_total: "Total TTC",
    payment_terms: "Conditions de paiement",
    bank: "Coordonnées bancaires",
    page: "Page",
};

const DE: Labels = Labels {
    invoice: "Rechnung",
    credit_note: "Gutschrift",
    number: "Nummer",
    issue_date: "Rechnungsdatum",
    supply_date: "Lieferdatum",
    due_date: "Fälligkeitsdatum",
    order_reference: "Bestellnummer",
    corrects: "Korrigiert Rechnung",
    reason: "Grund",
    bill_to: "Rechnungsempfänger",
    ship_to: "Lieferadresse",
    vat_id: "USt-IdNr.",
    position: "Pos.",
    description: "Beschreibung",
    sku: "Art.-Nr.",
    quantity: "Menge",
    unit_price: "Einzelpreis",
    vat_rate: "USt.",
    amount: "Betrag",
    breakdown: "Umsatzsteuer nach Sätzen",
    taxable: "Nettobetrag",
    vat: "USt.",
    net_total: "Summe netto",
    vat_total: "Summe USt.",
    gross_total: "Gesamtbetrag",
    payment_terms: "Zahlungsbedingungen",
    bank: "Bankverbindung",
    page: "Seite",
};

/// The labels of `lang` (`en`, `fr`, `de`); any other language gets English.
pub(crate) fn labels(lang: &str) -> &'static Labels {
    match lang {
        "fr" => &FR,
        "de" => &DE,
        _ => &EN,
    }
}

/// The description of the shipping line of an invoice.
pub fn shipping_line(lang: &str) -> &'static str {
    match lang {
        "fr" => "Frais de livraison",
        "de" => "Versandkosten",
        _ => "Shipping",
    }
}

/// The mention of both VAT ids an intra-Community supply must print.
pub fn vat_ids_mention(lang: &str, seller: &str, buyer: &str) -> String {
    match lang {
        "fr" => format!("N° TVA du vendeur : {seller} – N° TVA de l'acquéreur : {buyer}"),
        "de" => format!("USt-IdNr. des Lieferers: {seller} – USt-IdNr. des Erwerbers: {buyer}"),
        _ => format!("Seller VAT id: {seller} – Buyer VAT id: {buyer}"),
    }
}
