//! A stateful Letzshop look-alike GraphQL server (async-graphql + axum) with fault injection.

use std::net::SocketAddr;

/// Kinds of injected faults (each request draws one with probability `error_rate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    Http500,
    Http502,
    Http429,
    Slow,
    TruncatedJson,
    GraphQlError,
    DuplicateNodes,
    AppliedButResponseLost,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimulatorConfig {
    pub api_key: String,
    pub shipments: usize,
    pub seed: u64,
    pub vendors: usize,
    pub error_rate: f64,
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

impl FaultKind {
    pub const ALL: [FaultKind; 8] = [
        FaultKind::Http500,
        FaultKind::Http502,
        FaultKind::Http429,
        FaultKind::Slow,
        FaultKind::TruncatedJson,
        FaultKind::GraphQlError,
        FaultKind::DuplicateNodes,
        FaultKind::AppliedButResponseLost,
    ];
}

pub struct SimulatorHandle {
    pub addr: SocketAddr,
}

impl SimulatorHandle {
    pub fn endpoint(&self) -> String {
        format!("http://{}/graphql", self.addr)
    }
}

pub async fn start_simulator(bind: SocketAddr, cfg: SimulatorConfig) -> std::io::Result<SimulatorHandle> {
    let _ = (bind, cfg);
    todo!()
}

pub async fn serve_simulator(bind: SocketAddr, cfg: SimulatorConfig) -> std::io::Result<()> {
    let _ = (bind, cfg);
    todo!()
}
