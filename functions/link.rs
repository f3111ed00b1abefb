//! Build script of every function (`build = "../link.rs"`): on Linux, link
//! the Lambda binary at a fixed address instead of as a position-independent
//! executable.
//!
//! A PIE is relocated by the dynamic loader at every start: its 17,000 to
//! 45,000 relative relocations (vtables, static tables of `&str`) write, and so
//! copy, every page of `.data.rel.ro` before `main` runs. Linked at a fixed
//! address, the binary has none left, and a function's init falls from 2.8-4.3
//! ms to 1.7-2.4 ms against a 1.5 ms `lambda_http` floor (`bench/RESULTS.md`,
//! issue 23). What this gives up is the randomized address of the binary's own
//! image (the heap, the stacks and the shared libraries stay randomized), as
//! Go's Linux binaries do by default.
fn main() {
    println!("cargo:rerun-if-changed=../link.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
