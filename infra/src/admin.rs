//! `ecar admin create`: an admin account on the configured backend.

use std::io::{BufRead, Write};

use ecar_http::{
    AppState, Clock, Config,
    accounts::{self, NewAccount},
    auth::Role,
    bootstrap::Storage,
    config::Backend,
};

use crate::CliResult;

/// Creates an admin; the password comes from `ECAR_ADMIN_PASSWORD` or a prompt.
pub async fn create(username: &str, email: &str) -> CliResult {
    let config = Config::from_env()?;
    let password = match std::env::var("ECAR_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => prompt_password()?,
    };
    let state = match config.backend {
        Backend::Aws => AppState::aws(config, Clock::system()).await?,
        Backend::Embedded => {
            let storage = Storage::Dir(config.data_dir.clone());
            AppState::embedded(config, storage, Clock::system())?.state
        }
    };
    let account = NewAccount {
        username: username.to_string(),
        email: email.to_string(),
        password,
        role: Role::Admin,
        first_name: String::new(),
        last_name: String::new(),
    };
    let user = accounts::create_user(
        state.table.as_ref(),
        &state.passwords,
        &state.clock,
        account,
    )
    .await?;
    println!("created admin {} ({})", user.username, user.id);
    Ok(())
}

/// Reads a password from the terminal (it is echoed: set ECAR_ADMIN_PASSWORD
/// in scripts or where that matters).
fn prompt_password() -> Result<String, std::io::Error> {
    eprint!("password for the new admin (10 to 128 characters): ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
