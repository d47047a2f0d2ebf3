//! Issue 23: `orion admin create-user` on an existing user resets the password and signs the
//! user out everywhere, through the real binary (another process than the server, whose
//! token cache must notice). On SQLite and on PostgreSQL.

use std::process::Command;

use orion_testkit::{PASSWORD, TestApp, dual_test};

fn reset_password(app: &TestApp, email: &str, password: &str) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_orion"))
        .args([
            "admin",
            "create-user",
            "--email",
            email,
            "--password",
            password,
        ])
        .env("ORION_DATABASE_URL", &app.database_url)
        .env_remove("ORION_CONFIG")
        .env_remove("ORION_ADMIN_PASSWORD")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run orion");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

dual_test!(
    cli_password_reset_revokes_existing_tokens,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let merchant_token = app.login(&a.email, PASSWORD, None).await;
        // Both tokens work, and are cached by the server.
        assert_eq!(app.get("/api/v1/store", Some(&a.token)).await.0, 200);
        assert_eq!(
            app.get("/api/v1/auth/me", Some(&merchant_token)).await.0,
            200
        );
        let (ok, out) = reset_password(&app, &a.email, "a-reset-password");
        assert!(ok, "{out}");
        assert!(out.contains("2 session(s) signed out"), "{out}");
        assert_eq!(app.get("/api/v1/store", Some(&a.token)).await.0, 401);
        assert_eq!(
            app.get("/api/v1/auth/me", Some(&merchant_token)).await.0,
            401
        );
        // Other users keep their sessions; the new password works.
        assert_eq!(app.get("/api/v1/auth/me", Some(&admin)).await.0, 200);
        let fresh = app
            .login(&a.email, "a-reset-password", Some("ALPHA-LU"))
            .await;
        assert_eq!(app.get("/api/v1/store", Some(&fresh)).await.0, 200);
    }
);
