//! `orion admin ...`: user management from the shell.

use anyhow::bail;
use orion_app::Config;

#[derive(clap::Subcommand, Debug)]
pub enum AdminCommand {
    /// Create a user, or reset the password of an existing one (which signs them out
    /// everywhere: their tokens and sessions are revoked).
    CreateUser {
        /// E-mail address (the login).
        #[arg(long)]
        email: String,
        /// Password (at least 10 characters). Also read from ORION_ADMIN_PASSWORD, else prompted.
        #[arg(long, env = "ORION_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Make the user a platform administrator.
        #[arg(long)]
        platform_admin: bool,
    },
}

pub async fn run(cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::CreateUser {
            email,
            password,
            platform_admin,
        } => {
            let password = match password {
                Some(p) => p,
                None => {
                    let p = rpassword::prompt_password("Password: ")?;
                    if p != rpassword::prompt_password("Repeat password: ")? {
                        bail!("the passwords do not match");
                    }
                    p
                }
            };
            let config = Config::load()?;
            let db = orion_app::compose::open(&config.database_url)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let u = orion_tenancy::service::auth::upsert_user(
                db.conn(),
                &email,
                &password,
                platform_admin,
            )
            .await
            .map_err(super::failure)?;
            // A reset password must not leave a thief's token or session working.
            let revoked = orion_tenancy::service::auth::revoke_user_tokens(db.conn(), u.id, None)
                .await
                .map_err(super::failure)?;
            println!(
                "user {} (id {}){}{}",
                u.email,
                u.id,
                if u.is_platform_admin {
                    ", platform admin"
                } else {
                    ""
                },
                if revoked > 0 {
                    format!(", {revoked} session(s) signed out")
                } else {
                    String::new()
                }
            );
            Ok(())
        }
    }
}
