-- Invariants checked after the two-instance soak (issue 23), PostgreSQL.
-- psql -v expected=<stores × shipments> -v stores=<stores> -At -F '|' -f bench/soak_invariants.sql
-- Each row: invariant | PASS/FAIL | the numbers behind it. Schema: crates/*/src/migration.rs.

-- 1. Invoice numbers gapless per series: per (store, series = document type, year) the
--    sequences are exactly 1..n, numbers unique, and the counter's last value is n.
WITH s AS (
  SELECT store_id, series, year, count(*) AS n, count(DISTINCT sequence) AS d,
         min(sequence) AS lo, max(sequence) AS hi, count(DISTINCT number) AS nums
  FROM invoices GROUP BY store_id, series, year
), c AS (
  SELECT s.*, ic.last_value FROM s
  LEFT JOIN invoice_counters ic USING (store_id, series, year)
)
SELECT 'invoice numbers gapless per series',
       CASE WHEN count(*) FILTER (WHERE n <> d OR lo <> 1 OR hi <> n OR nums <> n
                                  OR last_value IS DISTINCT FROM hi) = 0
             AND (SELECT count(*) FROM invoice_counters ic WHERE ic.last_value > 0 AND NOT EXISTS
                  (SELECT 1 FROM s WHERE (s.store_id, s.series, s.year) = (ic.store_id, ic.series, ic.year))) = 0
            THEN 'PASS' ELSE 'FAIL' END,
       format('%s series, %s documents (%s invoices, %s credit notes); series with a gap or duplicate: %s; counter ≠ highest number: %s',
              count(*), coalesce(sum(n), 0),
              (SELECT count(*) FROM invoices WHERE document_type = 'invoice'),
              (SELECT count(*) FROM invoices WHERE document_type = 'credit_note'),
              count(*) FILTER (WHERE n <> d OR lo <> 1 OR hi <> n OR nums <> n),
              count(*) FILTER (WHERE last_value IS DISTINCT FROM hi))
FROM c;

-- 1b. At most one active invoice per order (the double-submitted "issue invoice").
SELECT 'one active invoice per order',
       CASE WHEN count(*) = 0 THEN 'PASS' ELSE 'FAIL' END,
       format('orders with more than one active invoice: %s', count(*))
FROM (SELECT order_id FROM invoices WHERE document_type = 'invoice' AND status <> 'cancelled'
      GROUP BY order_id HAVING count(*) > 1) x;

-- 2. Quota counters equal the orders counted: usage_counters (orders_per_month, period =
--    Europe/Luxembourg month of consumption) against the merchant's non-held orders created in
--    that month (orders are counted when created; held ones when released).
WITH o AS (
  SELECT s.merchant_id, to_char(o.created_at AT TIME ZONE 'Europe/Luxembourg', 'YYYY-MM') AS period, count(*) AS n
  FROM orders o JOIN stores s ON s.id = o.store_id
  WHERE o.status <> 'held' GROUP BY 1, 2
), u AS (
  SELECT merchant_id, period, used FROM usage_counters WHERE metric = 'orders_per_month'
), j AS (
  SELECT merchant_id, period, coalesce(u.used, 0) AS used, coalesce(o.n, 0) AS n
  FROM o FULL JOIN u USING (merchant_id, period)
)
SELECT 'quota counters = orders counted',
       CASE WHEN count(*) FILTER (WHERE used <> n) = 0 THEN 'PASS' ELSE 'FAIL' END,
       format('%s merchant-months; counters sum %s, orders counted %s (held: %s); months differing: %s',
              count(*), coalesce(sum(used), 0), coalesce(sum(n), 0),
              (SELECT count(*) FROM orders WHERE status = 'held'), count(*) FILTER (WHERE used <> n))
FROM j;

-- 3. Stock equals the log: per stock level, on_hand = Σ on_hand_change and reserved =
--    Σ reserved_change of its inventory transactions; the last transaction's *_after values
--    are the level's; reserved = Σ active reservations on the level.
WITH t AS (
  SELECT product_id, warehouse_id, bin, sum(on_hand_change) AS oh, sum(reserved_change) AS rs, count(*) AS n
  FROM inventory_transactions GROUP BY 1, 2, 3
), last AS (
  SELECT DISTINCT ON (product_id, warehouse_id, bin) product_id, warehouse_id, bin, on_hand_after, reserved_after
  FROM inventory_transactions ORDER BY product_id, warehouse_id, bin, id DESC
), r AS (
  SELECT stock_level_id, sum(quantity) AS q FROM reservations WHERE status = 'active' GROUP BY 1
), j AS (
  SELECT l.on_hand, l.reserved, coalesce(t.oh, 0) AS oh, coalesce(t.rs, 0) AS rs, coalesce(t.n, 0) AS n,
         la.on_hand_after, la.reserved_after, coalesce(r.q, 0) AS rq
  FROM stock_levels l
  LEFT JOIN t USING (product_id, warehouse_id, bin)
  LEFT JOIN last la USING (product_id, warehouse_id, bin)
  LEFT JOIN r ON r.stock_level_id = l.id
)
SELECT 'stock equals the log',
       CASE WHEN count(*) FILTER (WHERE on_hand <> oh OR reserved <> rs) = 0
             AND count(*) FILTER (WHERE n > 0 AND (on_hand <> on_hand_after OR reserved <> reserved_after)) = 0
             AND count(*) FILTER (WHERE reserved <> rq) = 0
             AND (SELECT count(*) FROM inventory_transactions it WHERE NOT EXISTS (SELECT 1 FROM stock_levels l
                  WHERE (l.product_id, l.warehouse_id, l.bin) = (it.product_id, it.warehouse_id, it.bin))) = 0
            THEN 'PASS' ELSE 'FAIL' END,
       format('%s stock levels, %s transactions; on hand Σ %s vs log %s, reserved Σ %s vs log %s vs active reservations %s; '
              'levels off the log: %s, off the last transaction: %s, reserved ≠ reservations: %s',
              count(*), coalesce(sum(n), 0), coalesce(sum(on_hand), 0), coalesce(sum(oh), 0),
              coalesce(sum(reserved), 0), coalesce(sum(rs), 0), coalesce(sum(rq), 0),
              count(*) FILTER (WHERE on_hand <> oh OR reserved <> rs),
              count(*) FILTER (WHERE n > 0 AND (on_hand <> on_hand_after OR reserved <> reserved_after)),
              count(*) FILTER (WHERE reserved <> rq))
FROM j;

-- 4. Reservations equal confirmed unshipped lines: per order line, the active reservations'
--    quantity equals the line's quantity when the line is confirmed (not backordered) in an
--    order not yet shipped, and 0 otherwise; per store the sums match.
WITH line AS (
  SELECT i.id, i.store_id,
         CASE WHEN i.status = 'confirmed' AND NOT i.backordered AND p.product_type = 'physical'
                   AND o.status IN ('processing', 'partially_shipped') THEN i.quantity ELSE 0 END AS want
  FROM order_items i JOIN orders o ON o.id = i.order_id LEFT JOIN products p ON p.id = i.product_id
), res AS (
  SELECT order_item_id, sum(quantity) AS q FROM reservations WHERE status = 'active' AND order_item_id IS NOT NULL GROUP BY 1
), j AS (
  SELECT line.store_id, want, coalesce(res.q, 0) AS got FROM line LEFT JOIN res ON res.order_item_id = line.id
), per_store AS (
  SELECT store_id, sum(want) AS want, sum(got) AS got FROM j GROUP BY 1
)
SELECT 'reservations = confirmed unshipped lines',
       CASE WHEN (SELECT count(*) FROM j WHERE want <> got) = 0
             AND (SELECT count(*) FROM per_store WHERE want <> got) = 0
             AND (SELECT count(*) FROM reservations WHERE status = 'active' AND order_item_id IS NULL) = 0
            THEN 'PASS' ELSE 'FAIL' END,
       format('%s stores; confirmed unshipped units %s, actively reserved %s; lines differing: %s; stores differing: %s; '
              'reservations without an order line: %s',
              (SELECT count(*) FROM per_store), (SELECT coalesce(sum(want), 0) FROM per_store),
              (SELECT coalesce(sum(got), 0) FROM per_store), (SELECT count(*) FROM j WHERE want <> got),
              (SELECT count(*) FROM per_store WHERE want <> got),
              (SELECT count(*) FROM reservations WHERE status = 'active' AND order_item_id IS NULL));

-- 5. No duplicate Letzshop shipment: unique (store, shipment id) among the sync's records
--    and the orders, every record pointing at an order of its store, and every simulated
--    shipment imported exactly once (:expected = stores × shipments).
SELECT 'no duplicate Letzshop shipment',
       CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM letzshop_shipments GROUP BY store_id, shipment_id HAVING count(*) > 1) a) = 0
             AND (SELECT count(*) FROM (SELECT 1 FROM orders WHERE external_shipment_id IS NOT NULL
                                        GROUP BY store_id, external_shipment_id HAVING count(*) > 1) b) = 0
             AND (SELECT count(*) FROM letzshop_shipments ls JOIN orders o ON o.id = ls.order_id
                  WHERE o.store_id <> ls.store_id OR o.external_shipment_id <> ls.shipment_id) = 0
             AND (SELECT count(*) FROM orders WHERE channel = 'letzshop') = :expected
             AND (SELECT count(*) FROM letzshop_shipments) = :expected
            THEN 'PASS' ELSE 'FAIL' END,
       format('letzshop orders %s, shipment records %s (expected %s); duplicate (store, shipment) ids: %s records, %s orders; '
              'records pointing elsewhere: %s',
              (SELECT count(*) FROM orders WHERE channel = 'letzshop'), (SELECT count(*) FROM letzshop_shipments), :expected,
              (SELECT count(*) FROM (SELECT 1 FROM letzshop_shipments GROUP BY store_id, shipment_id HAVING count(*) > 1) a),
              (SELECT count(*) FROM (SELECT 1 FROM orders WHERE external_shipment_id IS NOT NULL
                                     GROUP BY store_id, external_shipment_id HAVING count(*) > 1) b),
              (SELECT count(*) FROM letzshop_shipments ls JOIN orders o ON o.id = ls.order_id
               WHERE o.store_id <> ls.store_id OR o.external_shipment_id <> ls.shipment_id));

-- 6. Every outbox operation sent once: no two rows for one (order, kind); every row sent;
--    every confirmed Letzshop order has its confirm and every shipped one its tracking.
WITH dup AS (SELECT order_id, kind FROM letzshop_outbox GROUP BY 1, 2 HAVING count(*) > 1),
miss_c AS (SELECT o.id FROM orders o WHERE o.channel = 'letzshop' AND o.confirmed_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM letzshop_outbox b WHERE b.order_id = o.id AND b.kind = 'confirm')),
miss_t AS (SELECT o.id FROM orders o WHERE o.channel = 'letzshop' AND o.shipped_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM letzshop_outbox b WHERE b.order_id = o.id AND b.kind = 'tracking'))
SELECT 'every outbox operation sent once',
       CASE WHEN (SELECT count(*) FROM dup) = 0 AND count(*) FILTER (WHERE status <> 'sent') = 0
             AND (SELECT count(*) FROM miss_c) = 0 AND (SELECT count(*) FROM miss_t) = 0
            THEN 'PASS' ELSE 'FAIL' END,
       format('%s operations (%s confirm, %s decline, %s tracking): sent %s, pending %s, sending %s, failed %s; '
              'duplicate (order, kind): %s; confirmed orders without confirm: %s, shipped without tracking: %s; '
              'attempts: max %s, rows sent after a retry %s',
              count(*), count(*) FILTER (WHERE kind = 'confirm'), count(*) FILTER (WHERE kind = 'decline'),
              count(*) FILTER (WHERE kind = 'tracking'), count(*) FILTER (WHERE status = 'sent'),
              count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'sending'),
              count(*) FILTER (WHERE status = 'failed'), (SELECT count(*) FROM dup),
              (SELECT count(*) FROM miss_c), (SELECT count(*) FROM miss_t),
              coalesce(max(attempts), 0), count(*) FILTER (WHERE status = 'sent' AND attempts > 1))
FROM letzshop_outbox;

-- 7. Each order shipped once, only from processing, its stock fulfilled exactly once per
--    confirmed line, and never for an order that ends cancelled (not in the issue's list; added
--    because concurrent ship/ship and cancel/ship are part of the load).
WITH h AS (
  SELECT order_id, count(*) FILTER (WHERE to_status = 'shipped') AS ships,
         count(*) FILTER (WHERE to_status = 'shipped' AND from_status NOT IN ('processing', 'partially_shipped')) AS bad_from,
         count(*) FILTER (WHERE to_status = 'shipped' AND from_status = 'cancelled') AS from_cancelled
  FROM order_history GROUP BY 1
), f AS (
  SELECT order_item_id, -sum(on_hand_change) AS fulfilled FROM inventory_transactions WHERE kind = 'fulfil' GROUP BY 1
), lines AS (
  SELECT o.status, i.quantity, coalesce(f.fulfilled, 0) AS fulfilled
  FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
  LEFT JOIN f ON f.order_item_id = i.id
  WHERE i.status = 'confirmed' AND p.product_type = 'physical'
)
SELECT 'each order shipped once, stock fulfilled once',
       CASE WHEN (SELECT count(*) FROM h WHERE ships > 1 OR bad_from > 0) = 0
             AND (SELECT count(*) FROM lines WHERE status IN ('shipped', 'delivered') AND fulfilled <> quantity) = 0
             AND (SELECT count(*) FROM lines WHERE status NOT IN ('shipped', 'delivered', 'refunded') AND fulfilled <> 0) = 0
            THEN 'PASS' ELSE 'FAIL' END,
       format('shipped orders %s, cancelled %s; shipped more than once: %s; shipped from another status than processing: %s '
              '(from cancelled: %s); shipped lines not fulfilled exactly once: %s; unshipped/cancelled lines with fulfilled stock: %s',
              (SELECT count(*) FROM orders WHERE status IN ('shipped', 'delivered')),
              (SELECT count(*) FROM orders WHERE status = 'cancelled'),
              (SELECT count(*) FROM h WHERE ships > 1), (SELECT count(*) FROM h WHERE bad_from > 0),
              (SELECT count(*) FROM h WHERE from_cancelled > 0),
              (SELECT count(*) FROM lines WHERE status IN ('shipped', 'delivered') AND fulfilled <> quantity),
              (SELECT count(*) FROM lines WHERE status NOT IN ('shipped', 'delivered', 'refunded') AND fulfilled <> 0));
