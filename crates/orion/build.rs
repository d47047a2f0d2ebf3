//! Link flags of the `orion` binary.

fn main() {
    // Pack the binary's relative relocations (about 90,000) into a compact DT_RELR table
    // (GNU ld 2.38+, glibc 2.36+): the dynamic loader otherwise reads a 2 MB .rela.dyn at
    // every start, which then stays resident (measured: idle RSS of `orion serve` -1.9 MB).
    if std::env::var("TARGET").is_ok_and(|t| t.ends_with("-linux-gnu")) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
