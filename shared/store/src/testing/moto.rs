//! Starts `moto_server` (the AWS emulator from PyPI) once per test process on
//! a free port, or uses the one named by `ECAR_TEST_AWS_ENDPOINT`.
//!
//! A missing emulator is a test failure, never a silent skip: the AWS adapter
//! tests must run in CI.
//!
//! The server handles one request at a time. `moto_server` serves requests
//! on concurrent threads without isolation: a cancelled DynamoDB transaction
//! restores a snapshot of the whole table, erasing writes other requests made
//! meanwhile, and two concurrent transactions can both pass their conditions.
//! Serving requests one by one gives the isolation DynamoDB guarantees.
//!
//! Statics are never dropped, so the emulator watches for the end of the
//! test process and exits with it.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

/// Environment variable naming an already running emulator.
pub const ENDPOINT_VAR: &str = "ECAR_TEST_AWS_ENDPOINT";
/// Environment variable naming the virtual environment holding `moto_server`.
pub const VENV_VAR: &str = "ECAR_VENV";

struct Emulator {
    endpoint: String,
    _child: Option<ChildGuard>,
}

struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

static EMULATOR: OnceLock<Emulator> = OnceLock::new();

/// The emulator's endpoint URL, starting it on first use.
///
/// Panics with instructions when `moto_server` cannot be found or does not start.
pub fn endpoint() -> String {
    EMULATOR.get_or_init(start).endpoint.clone()
}

/// Credentials and region for the emulator, set once for the SDK's default chain.
pub fn sdk_env() {
    // SAFETY-free alternative to set_var is not available; tests call this before
    // building any client, and the values are the same for every caller.
    for (name, value) in [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", "us-east-1"),
    ] {
        if std::env::var(name).is_err() {
            // SAFETY: set before any thread reads these variables (OnceLock in start).
            unsafe { std::env::set_var(name, value) };
        }
    }
}

fn start() -> Emulator {
    sdk_env();
    if let Ok(endpoint) = std::env::var(ENDPOINT_VAR) {
        wait_until_up(&endpoint, None);
        return Emulator {
            endpoint,
            _child: None,
        };
    }
    let python = venv_python();
    let port = free_port();
    let child = serial_command(&python, port).spawn().unwrap_or_else(|e| {
        panic!(
            "cannot start moto with {} ({e}); run `make venv` to install moto[server]",
            python.display()
        )
    });
    let mut guard = ChildGuard(child);
    let endpoint = format!("http://127.0.0.1:{port}");
    wait_until_up(&endpoint, Some(&mut guard));
    eprintln!("moto emulator for this test process at {endpoint}");
    Emulator {
        endpoint,
        _child: Some(guard),
    }
}

/// The serial emulator on `port`, run by `python` of the virtual environment.
fn serial_command(python: &std::path::Path, port: u16) -> Command {
    let port = port.to_string();
    let mut command = Command::new(python);
    command
        .args(["-c", SERIAL_SERVER, "127.0.0.1", &port])
        .env("MOTO_PORT", &port)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Starts a serial emulator of its own (for the local AWS stack) from the
/// virtual environment `venv`; returns its endpoint once it answers, and
/// the process (it also exits with this one).
pub fn spawn_serial(venv: &std::path::Path) -> std::io::Result<(String, Child)> {
    let server = venv.join("bin/moto_server");
    if !server.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} not found: run `make venv`", server.display()),
        ));
    }
    let port = free_port();
    let mut child = serial_command(&venv.join("bin/python"), port).spawn()?;
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline || child.try_wait()?.is_some() {
            let _ = child.kill();
            return Err(std::io::Error::other(format!(
                "the AWS emulator did not start on {endpoint}"
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((endpoint, child))
}

/// `moto_server` without its threads: the same application and request
/// handler, served one request at a time. It exits when the test process
/// does, since the process never drops its static handle to the child.
///
/// One fidelity fix: moto rolls a cancelled transaction back by putting a
/// copy of each table taken before it, stream included, in the table's
/// place. The live stream then keeps the records of the cancelled writes
/// (DynamoDB never streams them) and the readers holding it never see a
/// later record. Here the live stream stays, cut back to its length before
/// the transaction.
///
/// One cost fix: that copy is of the whole table, taken once per action of
/// the transaction, so a transaction cost grew with the table (and the
/// copies' reference cycles held gigabytes until a full collection): an
/// import of a few hundred rows did not finish. Here no table is copied;
/// the items the transaction names are saved before it and put back if it
/// is cancelled.
const SERIAL_SERVER: &str = "\
import copy, os, sys, threading, time
from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication, MotoRequestHandler, create_backend_app)
import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
transact = DynamoDBBackend.transact_write_items
class TablesUncopied:
    def deepcopy(self, value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)
def slot(table, attributes):
    hash_value = attributes.get(table.hash_key_attr)
    if hash_value is None:
        return None
    range_value = attributes.get(table.range_key_attr) if table.range_key_attr else None
    return (DynamoType(hash_value), None if range_value is None else DynamoType(range_value))
def saved_item(table, key):
    hash_value, range_value = key
    if range_value is None:
        return copy.deepcopy(table.items.get(hash_value))
    return copy.deepcopy(table.items.get(hash_value, {}).get(range_value))
def restore(table, key, item):
    hash_value, range_value = key
    if range_value is None:
        if item is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = item
        return
    if item is None:
        table.items.get(hash_value, {}).pop(range_value, None)
        if hash_value in table.items and not table.items[hash_value]:
            del table.items[hash_value]
    else:
        table.items[hash_value][range_value] = item
def transact_keeping_streams(self, transact_items, *args, **kwargs):
    streams = {name: (table.stream_shard, len(table.stream_shard.items))
               for name, table in self.tables.items() if table.stream_shard is not None}
    saved = []
    for action in transact_items:
        _, op = next(iter(action.items()))
        table = self.tables.get(op.get('TableName'))
        key = table and slot(table, op.get('Key') or op.get('Item') or {})
        if key is not None:
            saved.append((table, key, saved_item(table, key)))
    dynamodb_models.copy = TablesUncopied()
    try:
        return transact(self, transact_items, *args, **kwargs)
    except Exception:
        for table, key, item in reversed(saved):
            restore(table, key, item)
        for name, (shard, length) in streams.items():
            table = self.tables.get(name)
            if table is not None:
                del shard.items[length:]
                shard.table = table
                table.stream_shard = shard
        raise
    finally:
        dynamodb_models.copy = copy
DynamoDBBackend.transact_write_items = transact_keeping_streams
parent = os.getppid()
def exit_with_parent():
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
threading.Thread(target=exit_with_parent, daemon=True).start()
run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app),
           threaded=False, request_handler=MotoRequestHandler)
";

/// The virtual environment of the Python test tools: `ECAR_VENV`, else the
/// workspace's `.venv`.
pub fn venv() -> PathBuf {
    std::env::var(VENV_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv"))
}

fn venv_python() -> PathBuf {
    let venv = venv();
    let server = venv.join("bin/moto_server");
    assert!(
        server.exists(),
        "{} not found: the AWS adapter tests need the emulator; run `make venv` (or set {ENDPOINT_VAR})",
        server.display()
    );
    venv.join("bin/python")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("no free local port for the emulator")
}

fn wait_until_up(endpoint: &str, mut child: Option<&mut ChildGuard>) {
    let address = endpoint
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(&address).is_ok() {
            return;
        }
        if let Some(guard) = child.as_deref_mut()
            && let Ok(Some(status)) = guard.0.try_wait()
        {
            panic!("moto_server exited at start with {status}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the AWS emulator at {endpoint} did not answer within 30 s");
}
