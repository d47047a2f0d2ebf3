//! Public VAT endpoints.

use orion_testkit::{TestApp, dual_test};

dual_test!(
    vat_validation_and_rates_are_public,
    |app: TestApp| async move {
        let (st, v) = app
            .get("/api/v1/vat/validate?number=LU%2026375245", None)
            .await;
        assert_eq!(st, 200);
        assert_eq!(
            (
                v["valid"].as_bool(),
                v["normalized"].as_str(),
                v["country"].as_str()
            ),
            (Some(true), Some("LU26375245"), Some("LU"))
        );
        let (_, v) = app
            .get("/api/v1/vat/validate?number=LU26375246", None)
            .await;
        assert_eq!(
            (v["valid"].as_bool(), v["reason"].as_str()),
            (Some(false), Some("bad_check_digit"))
        );
        assert_eq!(app.get("/api/v1/vat/validate", None).await.0, 400);
        let (_, v) = app
            .get("/api/v1/vat/validate?number=LU26375245&vies=true", None)
            .await;
        assert_eq!(
            v["vies"]["enabled"], false,
            "VIES is off unless configured: {v}"
        );
        let (st, r) = app
            .get("/api/v1/vat/rates?country=LU&date=2023-06-01", None)
            .await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(r["rates"]["standard"], "16");
        let (st, r) = app
            .get("/api/v1/vat/rates?country=FI&date=2024-09-01", None)
            .await;
        assert_eq!((st, r["rates"]["standard"].as_str()), (200, Some("25.5")));
        let (st, e) = app.get("/api/v1/vat/rates?country=ZZ", None).await;
        assert_eq!(
            (st, e["errors"][0]["field"].as_str()),
            (422, Some("country"))
        );
    }
);
