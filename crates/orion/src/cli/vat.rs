//! `orion vat ...`: VAT-id checks, rate look-ups and regime decisions from the shell.
//! The output formats are a contract (see `docs/modules/vat`).

use std::io::{BufRead, Write};

use anyhow::Context;
use chrono::NaiveDate;
use orion_vat::{RateClass, RegimeInput};

#[derive(clap::Subcommand, Debug)]
pub enum VatCommand {
    /// Validate VAT identification numbers: one tab-separated line per input
    /// (input, valid, normalized, country, reason). Reads stdin when no number is given.
    Check {
        /// Numbers to check, e.g. LU26375245 "BE (0)468.561.072".
        numbers: Vec<String>,
    },
    /// Print the VAT rate(s) of a country as JSON.
    Rate {
        /// ISO country code (EL/GR for Greece, XI for Northern Ireland).
        country: String,
        /// Date of the supply (YYYY-MM-DD); today when absent.
        #[arg(long)]
        date: Option<NaiveDate>,
        /// One rate class only: standard, reduced, super-reduced, parking, zero.
        #[arg(long)]
        class: Option<RateClass>,
        /// Postcode, to recognise special territories and regional rates.
        #[arg(long)]
        postcode: Option<String>,
    },
    /// Decide the VAT regime of a sale and print it as JSON.
    Regime(RegimeArgs),
}

#[derive(clap::Args, Debug)]
pub struct RegimeArgs {
    #[arg(long)]
    seller_country: String,
    #[arg(long)]
    ship_from: String,
    #[arg(long)]
    ship_to: String,
    #[arg(long)]
    postcode: Option<String>,
    /// The buyer is a business.
    #[arg(long)]
    b2b: bool,
    /// The buyer's VAT id (validated by format and check digit).
    #[arg(long)]
    buyer_vat: Option<String>,
    /// The seller is registered for the OSS.
    #[arg(long)]
    oss: bool,
    /// The seller opted for destination taxation below the threshold.
    #[arg(long)]
    opted_destination: bool,
    /// EU-wide B2C distance sales this year before this order, in cents.
    #[arg(long, default_value_t = 0)]
    eu_b2c_this_year_cents: i64,
    /// EU-wide B2C distance sales last year, in cents.
    #[arg(long, default_value_t = 0)]
    eu_b2c_last_year_cents: i64,
    /// This order's net amount in cents.
    #[arg(long, default_value_t = 0)]
    order_net_cents: i64,
    /// Date of the supply (YYYY-MM-DD); today when absent.
    #[arg(long)]
    date: Option<NaiveDate>,
}

pub fn run(cmd: VatCommand) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cmd {
        VatCommand::Check { numbers } if numbers.is_empty() => {
            for line in std::io::stdin().lock().lines() {
                let line = line.context("reading numbers from stdin")?;
                if line.trim().is_empty() {
                    continue;
                }
                writeln!(
                    out,
                    "{}",
                    orion_vat::check_line(line.trim_end_matches('\r'))
                )?;
            }
        }
        VatCommand::Check { numbers } => {
            for n in numbers {
                writeln!(out, "{}", orion_vat::check_line(&n))?;
            }
        }
        VatCommand::Rate {
            country,
            date,
            class,
            postcode,
        } => {
            let v = orion_vat::rate_json(&country, date, class, postcode.as_deref())?;
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        VatCommand::Regime(a) => {
            let input = RegimeInput {
                seller_country: a.seller_country,
                ship_from: a.ship_from,
                ship_to: a.ship_to,
                ship_to_postcode: a.postcode,
                b2b: a.b2b,
                buyer_vat_id: a.buyer_vat,
                buyer_vat_id_valid: None,
                oss_registered: a.oss,
                opted_destination: a.opted_destination,
                eu_b2c_this_year_cents: a.eu_b2c_this_year_cents,
                eu_b2c_last_year_cents: a.eu_b2c_last_year_cents,
                order_net_cents: a.order_net_cents,
                date: a.date.unwrap_or_else(|| chrono::Utc::now().date_naive()),
            };
            let v = orion_vat::regime_json(&input)?;
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
    }
    Ok(())
}
