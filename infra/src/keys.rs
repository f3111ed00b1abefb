//! `ecar keys public`: the public half of a key set, for the functions that
//! only verify tokens (the template's `JwtPublicKeys` parameter).

use std::io::Read;

use ecar_http::auth::TokenKeys;

use crate::CliResult;

/// Reads a key set on standard input and prints its JSON Web Key Set.
pub fn print_public() -> CliResult {
    let mut json = String::new();
    std::io::stdin().read_to_string(&mut json)?;
    let keys = TokenKeys::from_json(json.trim())?;
    println!("{}", keys.public_keys().to_jwks());
    Ok(())
}
