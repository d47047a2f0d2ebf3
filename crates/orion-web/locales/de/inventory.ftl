## Lager: Bestand je Produkt, je Lager und Lagerplatz, Korrekturen und der Verlauf.

inventory-title = Lager
inventory-search-placeholder = SKU, GTIN oder Titel
inventory-col-title = Titel
inventory-col-on-hand = Bestand
inventory-col-reserved = Reserviert
inventory-col-available = Verfügbar
inventory-col-on-order = Bestellt
inventory-col-expected = Erwartet
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
inventory-import-title = Bestand aus einer Datei setzen
inventory-import-intro = Eine CSV-Datei mit den Spalten sku und quantity sowie optional warehouse (dessen Code) und bin. Alles oder nichts: Ist eine Zeile fehlerhaft, wird keine Menge geändert.
inventory-import-file = Bestandsdatei (CSV)
inventory-import-check = Datei prüfen
inventory-import-apply = Bestand setzen
inventory-import-confirm = Die Bestandsmengen der aufgeführten Produkte werden ersetzt; jede Änderung wird als Lagerbewegung erfasst.
inventory-import-done = { $count ->
    [one] { $n } Bestand aus der Datei gesetzt.
   *[other] { $n } Bestände aus der Datei gesetzt.
    }
inventory-import-unchanged = { $count ->
    [one] { $n } Zeile hatte ihre Menge bereits.
   *[other] { $n } Zeilen hatten ihre Menge bereits.
    }
inventory-import-refused = { $count ->
    [one] Die Datei wurde abgelehnt: { $n } Zeile hat ein Problem. Nichts wurde geändert.
   *[other] Die Datei wurde abgelehnt: { $n } Zeilen haben Probleme. Nichts wurde geändert.
    }
inventory-import-problems = Probleme in der Datei
inventory-import-row-problem = Zeile { $row }, { $column }: { $message }
inventory-import-line-problem = Zeile { $row }: { $message }
inventory-import-more-problems = { $count ->
    [one] … und { $n } weiteres Problem.
   *[other] … und { $n } weitere Probleme.
    }
inventory-import-checked = Datei geprüft
inventory-import-would = { $count ->
    [one] Die Datei ist in Ordnung: { $n } Bestand würde sich ändern
   *[other] Die Datei ist in Ordnung: { $n } Bestände würden sich ändern
    }, { $unchanged ->
    [one] { $u } Zeile hat ihre Menge bereits.
   *[other] { $u } Zeilen haben ihre Menge bereits.
    } Noch wurde nichts geändert: Wählen Sie die Datei erneut und drücken Sie „Bestand setzen“.
inventory-import-changes-caption = Was sich ändern würde
inventory-import-col-row = Zeile
inventory-import-col-from = Bestand jetzt
inventory-import-col-to = Bestand danach
inventory-import-more-changes = { $count ->
    [one] … und { $n } weiterer Bestand.
   *[other] … und { $n } weitere Bestände.
    }
