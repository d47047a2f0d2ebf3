## Lager: Bestand je Produkt, je Lager und Lagerplatz, Korrekturen und der Verlauf.

inventory-title = Lager
inventory-search-placeholder = SKU, GTIN oder Titel
inventory-col-title = Titel
inventory-col-on-hand = Bestand
inventory-col-reserved = Reserviert
inventory-col-available = Verfügbar
inventory-empty = Noch keine physischen Produkte.
inventory-empty-create = Jetzt eines anlegen
inventory-count = { $count ->
    [one] { $n } Produkt
   *[other] { $n } Produkte
    }

inventory-product-link = Produkt
inventory-stock-of = Bestand von { $product }
inventory-levels = Nach Lager und Lagerplatz
inventory-col-warehouse = Lager
inventory-col-bin = Lagerplatz
inventory-no-stock = Noch kein Bestand erfasst.
inventory-adjust-title = Bestand korrigieren
inventory-adjust-delta = Änderung (+/−)
inventory-adjust-delta-placeholder = 10 oder -2
inventory-adjust-warehouse = Lager
inventory-adjust-bin = Lagerplatz
inventory-adjust-bin-placeholder = optional, z. B. A-01
inventory-adjust-reason = Grund
inventory-adjust-reason-placeholder = Lieferung, Bruch, Inventur…
inventory-adjust-submit = Übernehmen
inventory-adjust-invalid = Die Änderung { $problem }.
inventory-adjusted = Bestand korrigiert: { $on_hand } auf Lager, { $available } verfügbar.

inventory-history = Verlauf
inventory-col-when = Wann
inventory-col-kind = Art
inventory-col-where = Wo
inventory-col-on-hand-change = Bestand ±
inventory-col-reserved-change = Reserviert ±
inventory-col-after = Danach (Bestand / reserviert)
inventory-col-reason = Grund
inventory-order-ref = Bestellung Nr. { $id }
inventory-no-movements = Noch keine Bewegungen.
inventory-movements-count = { $count ->
    [one] { $n } Bewegung
   *[other] { $n } Bewegungen
    }
inventory-newer = Neuere
inventory-older = Ältere

inventory-kind-reserve = Reservierung
inventory-kind-release = Freigabe
inventory-kind-fulfil = Auslieferung
inventory-kind-adjust = Korrektur
inventory-kind-set = Inventur
inventory-kind-import = Import
inventory-kind-receive = Wareneingang
inventory-kind-return = Rücksendung
inventory-kind-move-out = Umlagerung (Abgang)
inventory-kind-move-in = Umlagerung (Zugang)
inventory-setup-stock = Bestand erfassen
inventory-setup-stock-hint = Erfassen Sie Ihren Lagerbestand: Bestellungen reservieren ihn bei der Bestätigung.

inventory-set-stock-link = Bestand vieler Produkte setzen
inventory-table-title = Bestand setzen
inventory-table-intro = Tragen Sie Ihren Bestand ein und speichern Sie: Nur geänderte Zeilen werden erfasst, jede als Zählung im Verlauf des Produkts.
inventory-table-caption = Bestand in { $warehouse }
inventory-col-product = Produkt
inventory-table-col-all = Bestand (alle Orte)
inventory-table-col-here = Bestand in { $warehouse }
inventory-table-input-label = Bestand von { $sku } in { $warehouse }
inventory-table-save = Speichern
inventory-table-saved = { $count ->
    [one] { $n } Bestand gespeichert.
   *[other] { $n } Bestände gespeichert.
    }
inventory-table-refused = { $count ->
    [one] { $count } Zeile kann nicht gespeichert werden; nichts wurde geändert.
   *[other] { $count } Zeilen können nicht gespeichert werden; nichts wurde geändert.
    }
inventory-table-csv-hint = Viele Produkte auf einmal: Senden Sie eine CSV-Datei mit den Spalten sku, quantity und optional warehouse und bin an
