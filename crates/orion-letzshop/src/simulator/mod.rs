//! A stateful Letzshop look-alike GraphQL server (async-graphql on axum) with fault
//! injection, for tests, the demo and benchmarks. See `docs/index.md` ("Simulator").
//!
//! - `POST /graphql`, `Authorization: Bearer <key>`; vendor `i` (0-based) has the key
//!   `api_key` for `i = 0` and `api_key-{i+1}` otherwise; a wrong key gets a 401.
//! - Data is deterministic from the seed ([`data`]); confirmations and tracking are kept
//!   and visible in later queries; counters prove exactly-once delivery.

pub mod data;
mod fast;
mod faults;
mod schema;

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rand::SeedableRng;
use rand::rngs::StdRng;

pub use faults::FaultKind;

use crate::types::Variant;
use data::ShipmentData;
use schema::{DuplicateFault, SimSchema, VendorCtx};

/// Simulator settings. Use `..Default::default()` for the fields you do not set.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatorConfig {
    /// Key of vendor 1; vendor `i > 1` uses `"{api_key}-{i}"`.
    pub api_key: String,
    /// Initial number of shipments (spread round-robin over the vendors).
    pub shipments: usize,
    pub seed: u64,
    /// Number of vendors (≥ 1).
    pub vendors: usize,
    /// Probability that a request is faulted (0.0–1.0).
    pub error_rate: f64,
    /// Latency added to every request.
    pub latency_ms: u64,
    /// The "slow response" fault waits 2 × this before answering 504. Default 3000.
    pub timeout_hint_ms: u64,
    /// Fault kinds drawn from (uniformly) when a request is faulted. Default: all.
    pub faults: Vec<FaultKind>,
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        SimulatorConfig {
            api_key: "sim-key".into(),
            shipments: 0,
            seed: 1,
            vendors: 1,
            error_rate: 0.0,
            latency_ms: 0,
            timeout_hint_ms: 3000,
            faults: FaultKind::ALL.to_vec(),
        }
    }
}

/// Shipments of one vendor by sequence number (the stable order of the connection).
#[derive(Default)]
pub(crate) struct VendorIndex {
    pub all: Vec<usize>,
    pub unconfirmed: BTreeSet<usize>,
    pub confirmed: BTreeSet<usize>,
}

pub(crate) struct Inner {
    pub shipments: Vec<ShipmentData>,
    pub unit_index: HashMap<String, (usize, usize)>,
    pub shipment_index: HashMap<String, usize>,
    pub vendors: Vec<VendorIndex>,
    /// Serialized `order { … }` per shipment (static), for the fast page path.
    pub order_json: Vec<String>,
    rng: StdRng,
}

impl Inner {
    /// Put shipment `seq` in the set of its current state.
    pub fn reindex(&mut self, seq: usize) {
        let s = &self.shipments[seq];
        let v = &mut self.vendors[s.vendor];
        if s.state() == "unconfirmed" {
            v.confirmed.remove(&seq);
            v.unconfirmed.insert(seq);
        } else {
            v.unconfirmed.remove(&seq);
            v.confirmed.insert(seq);
        }
    }

    fn push(&mut self, mut s: ShipmentData, catalog: &[Variant]) {
        let seq = self.shipments.len();
        data::assign_ids(&mut s, seq, self.vendors.len());
        self.order_json.push(fast::order_json(&s, catalog));
        for (k, u) in s.units.iter().enumerate() {
            self.unit_index.insert(u.id.clone(), (seq, k));
        }
        self.shipment_index.insert(s.id.clone(), seq);
        self.vendors[s.vendor].all.push(seq);
        self.shipments.push(s);
        self.reindex(seq);
    }
}

pub(crate) struct SimState {
    inner: Mutex<Inner>,
    pub catalog: Vec<Variant>,
    pub(crate) variant_objs: Vec<schema::VariantObj>,
    pub(crate) variant_json: Vec<String>,
    keys: Vec<String>,
    error_rate_bits: AtomicU64,
    latency_ms: AtomicU64,
    timeout_hint_ms: u64,
    faults: Mutex<Vec<FaultKind>>,
    dice: faults::FaultDice,
    requests: AtomicUsize,
}

impl SimState {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn new(cfg: &SimulatorConfig) -> SimState {
        let vendors = cfg.vendors.max(1);
        let catalog = data::catalog(cfg.seed);
        let mut rng = StdRng::seed_from_u64(cfg.seed);
        let now = chrono::Utc::now();
        let initial = data::initial_shipments(&mut rng, cfg.shipments, now);
        let mut inner = Inner {
            shipments: Vec::with_capacity(cfg.shipments),
            unit_index: HashMap::with_capacity(cfg.shipments * 3),
            shipment_index: HashMap::with_capacity(cfg.shipments),
            vendors: (0..vendors).map(|_| VendorIndex::default()).collect(),
            order_json: Vec::with_capacity(cfg.shipments),
            rng,
        };
        for s in initial {
            inner.push(s, &catalog);
        }
        let keys = (0..vendors)
            .map(|i| {
                if i == 0 {
                    cfg.api_key.clone()
                } else {
                    format!("{}-{}", cfg.api_key, i + 1)
                }
            })
            .collect();
        SimState {
            inner: Mutex::new(inner),
            variant_objs: schema::variant_objects(&catalog),
            variant_json: catalog.iter().map(fast::variant_json).collect(),
            catalog,
            keys,
            error_rate_bits: AtomicU64::new(cfg.error_rate.clamp(0.0, 1.0).to_bits()),
            latency_ms: AtomicU64::new(cfg.latency_ms),
            timeout_hint_ms: cfg.timeout_hint_ms,
            faults: Mutex::new(cfg.faults.clone()),
            dice: faults::FaultDice::new(cfg.seed),
            requests: AtomicUsize::new(0),
        }
    }

    fn vendor_of(&self, headers: &HeaderMap) -> Option<usize> {
        let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, key) = auth.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return None;
        }
        let key = key.trim();
        self.keys.iter().position(|k| k == key)
    }
}

#[derive(Clone)]
struct App {
    state: Arc<SimState>,
    schema: SimSchema,
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")),
        ],
        r#"{"errors":[{"message":"Unauthorized: missing or invalid API key"}]}"#,
    )
        .into_response()
}

async fn graphql(State(app): State<App>, headers: HeaderMap, req: GraphQLRequest) -> Response {
    let st = &app.state;
    st.requests.fetch_add(1, Ordering::Relaxed);
    let latency = st.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let Some(vendor) = st.vendor_of(&headers) else {
        return unauthorized();
    };
    let rate = f64::from_bits(st.error_rate_bits.load(Ordering::Relaxed));
    let fault = {
        let kinds = st.faults.lock().unwrap_or_else(|e| e.into_inner());
        st.dice.draw(rate, &kinds)
    };
    let req = req.into_inner();
    if req.query == crate::queries::SHIPMENTS_QUERY
        && matches!(fault, None | Some(FaultKind::DuplicateNodes))
        && let Some(r) = fast::shipments_page(
            st,
            vendor,
            &req.variables,
            fault == Some(FaultKind::DuplicateNodes),
        )
    {
        return r;
    }
    let mut req = req.data(VendorCtx(vendor));
    match fault {
        Some(FaultKind::Slow) => {
            tokio::time::sleep(Duration::from_millis(st.timeout_hint_ms.saturating_mul(2))).await;
            return faults::canned_response(FaultKind::Slow).unwrap_or_else(faults::bad_gateway);
        }
        Some(FaultKind::AppliedButResponseLost) => {
            let _ = app.schema.execute(req).await;
            return faults::bad_gateway();
        }
        Some(FaultKind::DuplicateNodes) => req = req.data(DuplicateFault),
        Some(kind) => {
            if let Some(r) = faults::canned_response(kind) {
                return r;
            }
        }
        None => {}
    }
    GraphQLResponse::from(app.schema.execute(req).await).into_response()
}

/// Build the simulator's router (`POST /graphql`, `GET /health`) and its state.
fn router(cfg: &SimulatorConfig) -> (Router, Arc<SimState>) {
    let state = Arc::new(SimState::new(cfg));
    let schema = schema::build_schema(state.clone());
    let app = App {
        state: state.clone(),
        schema,
    };
    let router = Router::new()
        .route("/graphql", post(graphql))
        .route("/health", get(|| async { "ok" }))
        .with_state(app);
    (router, state)
}

/// A running in-process simulator. Dropping it (or [`SimulatorHandle::shutdown`]) stops it.
pub struct SimulatorHandle {
    pub addr: SocketAddr,
    state: Arc<SimState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SimulatorHandle {
    /// `http://{addr}/graphql`
    pub fn endpoint(&self) -> String {
        format!("http://{}/graphql", self.addr)
    }

    /// API key of vendor `i` (0-based).
    pub fn api_key(&self, vendor: usize) -> Option<String> {
        self.state.keys.get(vendor).cloned()
    }

    /// Current state of a unit (`unconfirmed`, `confirmed_available`, …).
    pub fn unit_state(&self, unit_id: &str) -> Option<String> {
        let inner = self.state.lock();
        let &(seq, k) = inner.unit_index.get(unit_id)?;
        Some(inner.shipments[seq].units[k].state.to_owned())
    }

    /// Current shipment state (`unconfirmed` | `confirmed`).
    pub fn shipment_state(&self, shipment_id: &str) -> Option<String> {
        let inner = self.state.lock();
        let &seq = inner.shipment_index.get(shipment_id)?;
        Some(inner.shipments[seq].state().to_owned())
    }

    /// Stored tracking `(code, provider)` of a shipment.
    pub fn tracking(&self, shipment_id: &str) -> Option<(String, String)> {
        let inner = self.state.lock();
        let &seq = inner.shipment_index.get(shipment_id)?;
        inner.shipments[seq].tracking.clone()
    }

    /// State-changing confirm/decline applications of a unit (no-op re-sends not counted).
    pub fn confirm_calls(&self, unit_id: &str) -> usize {
        let inner = self.state.lock();
        inner
            .unit_index
            .get(unit_id)
            .map_or(0, |&(seq, k)| inner.shipments[seq].units[k].confirm_calls)
    }

    /// Tracking applications that changed the stored value of a shipment.
    pub fn tracking_calls(&self, shipment_id: &str) -> usize {
        let inner = self.state.lock();
        inner
            .shipment_index
            .get(shipment_id)
            .map_or(0, |&seq| inner.shipments[seq].tracking_calls)
    }

    /// Add `n` new unconfirmed shipments (completed just now), after the existing ones.
    pub fn add_shipments(&self, n: usize) {
        let mut inner = self.state.lock();
        let now = chrono::Utc::now();
        for _ in 0..n {
            let s = data::draw_shipment(&mut inner.rng, now);
            inner.push(s, &self.state.catalog);
        }
    }

    pub fn set_error_rate(&self, r: f64) {
        self.state
            .error_rate_bits
            .store(r.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }

    /// Restrict the fault kinds drawn from (empty = no faults).
    pub fn set_faults(&self, kinds: &[FaultKind]) {
        *self.state.faults.lock().unwrap_or_else(|e| e.into_inner()) = kinds.to_vec();
    }

    pub fn set_latency_ms(&self, ms: u64) {
        self.state.latency_ms.store(ms, Ordering::Relaxed);
    }

    /// Number of HTTP requests received on /graphql (including refused and faulted ones).
    pub fn request_count(&self) -> usize {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// The variant catalogue shared by all shipments (to create matching products).
    pub fn catalog(&self) -> Vec<Variant> {
        self.state.catalog.clone()
    }

    /// Number of shipments of all vendors.
    pub fn shipment_count(&self) -> usize {
        self.state.lock().shipments.len()
    }

    /// Ids of the shipments of vendor `i` (0-based), in query order.
    pub fn shipment_ids(&self, vendor: usize) -> Vec<String> {
        let inner = self.state.lock();
        inner.vendors.get(vendor).map_or_else(Vec::new, |v| {
            v.all
                .iter()
                .map(|&s| inner.shipments[s].id.clone())
                .collect()
        })
    }

    /// Ids of the inventory units of a shipment.
    pub fn unit_ids(&self, shipment_id: &str) -> Vec<String> {
        let inner = self.state.lock();
        inner
            .shipment_index
            .get(shipment_id)
            .map_or_else(Vec::new, |&seq| {
                inner.shipments[seq]
                    .units
                    .iter()
                    .map(|u| u.id.clone())
                    .collect()
            })
    }

    /// Stop serving (in-flight requests finish).
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.task.take();
    }
}

impl Drop for SimulatorHandle {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Start the simulator in-process on `bind` (port 0 picks a free port; see
/// [`SimulatorHandle::addr`]). Needs a tokio runtime.
pub async fn start_simulator(
    bind: SocketAddr,
    cfg: SimulatorConfig,
) -> std::io::Result<SimulatorHandle> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let (router, state) = router(&cfg);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "letzshop simulator stopped");
        }
    });
    Ok(SimulatorHandle {
        addr,
        state,
        stop: Some(tx),
        task: Some(task),
    })
}

/// Serve the simulator on `bind` until ctrl-c (used by `orion letzshop simulate`).
pub async fn serve_simulator(bind: SocketAddr, cfg: SimulatorConfig) -> std::io::Result<()> {
    let handle = start_simulator(bind, cfg).await?;
    tracing::info!(endpoint = %handle.endpoint(), "letzshop simulator listening");
    tokio::signal::ctrl_c().await?;
    handle.shutdown();
    Ok(())
}
