//! Where the secret keys come from, how start-up checks them against the database, and key
//! rotation.
//!
//! Keys come from, in order: [`StoreConfig::secret_key`](super::StoreConfig::secret_key), the
//! `APPCREDS_SECRET_KEY` variable, or `<data_dir>/secret.key` (created with mode 0600 on first
//! run). Each holds one or more base64 keys of 32 bytes separated by commas or new lines; the
//! first is current (it encrypts), the others only decrypt. `appcreds_keys` records the id and a
//! check value of every key the database may hold data under.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::SystemTime;

use super::StoreError;
use super::crypto::{KeyId, Keyring, SecretKey, key_id_of};
use super::db::{Db, args};
use crate::clock::now_secs;
use secrecy::{ExposeSecret, SecretString};

/// The variable that holds the secret key(s).
pub const SECRET_KEY_ENV: &str = "APPCREDS_SECRET_KEY";
/// The key file's name in the data directory.
pub const KEY_FILE_NAME: &str = "secret.key";

const CHECK_PLAINTEXT: &[u8] = b"appcreds key check v1";

/// The columns that hold ciphertexts, as `(table, column)`; rows are named by their `id`.
pub(crate) const ENCRYPTED_COLUMNS: &[(&str, &str)] = &[
    ("appcreds_credentials", "client_secret"),
    ("appcreds_accounts", "token"),
    ("appcreds_pending_flows", "pkce_verifier"),
    ("appcreds_device_flows", "device_code"),
    ("appcreds_registered_clients", "registration_access_token"),
];

/// The associated data that binds a ciphertext to its table, column and row.
pub(crate) fn aad(table: &str, column: &str, id: &str) -> String {
    format!("{table}.{column}:{id}")
}

/// Where the keys were read from.
#[derive(Debug, Clone)]
pub(crate) enum KeySource {
    /// Given by the host in the configuration.
    Config,
    /// The `APPCREDS_SECRET_KEY` variable.
    Env,
    /// The key file.
    File(PathBuf),
}

impl KeySource {
    fn describe(&self) -> String {
        match self {
            KeySource::Config => "the configured secret key".to_owned(),
            KeySource::Env => SECRET_KEY_ENV.to_owned(),
            KeySource::File(path) => path.display().to_string(),
        }
    }
}

/// The loaded keyring, reloaded when its file changes (a rotation by another process).
#[derive(Debug)]
pub(crate) struct Keys {
    source: KeySource,
    state: RwLock<(Arc<Keyring>, Option<FileStamp>)>,
}

type FileStamp = (SystemTime, u64);

fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn read_key_file(path: &Path) -> Result<Keyring, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    Keyring::parse(&text).map_err(|e| StoreError::Key(format!("{}: {e}", path.display())))
}

/// Writes the key file atomically (a 0600 temporary file renamed over it).
fn write_key_file(path: &Path, ring: &Keyring) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let tmp = path.with_extension("key.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| StoreError::io(&tmp, e))?;
    file.write_all(ring.to_text().expose_secret().as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| StoreError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| StoreError::io(path, e))?;
    if let Some(dir) = path.parent() {
        // Make the rename durable.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// The keys the database has registered, with their check values.
async fn registered(db: &Db) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let rows = db
        .query(
            "SELECT id, check_value FROM appcreds_keys ORDER BY created_at, id",
            args![],
        )
        .await?;
    rows.iter()
        .map(|r| Ok((r.get("id")?, r.get("check_value")?)))
        .collect()
}

async fn register(db: &Db, key: &SecretKey) -> Result<(), StoreError> {
    let id = key.id().to_string();
    let check = key.encrypt(&aad("appcreds_keys", "check_value", &id), CHECK_PLAINTEXT);
    db.execute(
        "INSERT INTO appcreds_keys (id, check_value, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        args![id, check, now_secs() as i64],
    )
    .await?;
    Ok(())
}

impl Keys {
    /// Loads the keys and checks them against the database: every key the database registered
    /// must be present and decrypt its check value. A first run creates the key file.
    pub(crate) async fn load(
        given: Option<&SecretString>,
        data_dir: &Path,
        db: &Db,
    ) -> Result<Keys, StoreError> {
        let env = std::env::var(SECRET_KEY_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        let file = data_dir.join(KEY_FILE_NAME);
        let known = registered(db).await?;
        let (source, ring) = if let Some(key) = given {
            let ring =
                Keyring::parse(key.expose_secret()).map_err(|e| StoreError::Key(e.to_string()))?;
            (KeySource::Config, ring)
        } else if let Some(value) = env {
            let ring = Keyring::parse(&value)
                .map_err(|e| StoreError::Key(format!("{SECRET_KEY_ENV}: {e}")))?;
            (KeySource::Env, ring)
        } else if file.exists() {
            (KeySource::File(file.clone()), read_key_file(&file)?)
        } else if !known.is_empty() {
            let ids: Vec<&str> = known.iter().map(|(id, _)| id.as_str()).collect();
            return Err(StoreError::Key(format!(
                "missing secret key: {SECRET_KEY_ENV} is not set and {} does not exist, but the database holds data encrypted with key(s) {}; \
                 restore the key file or set {SECRET_KEY_ENV}",
                file.display(),
                ids.join(", ")
            )));
        } else {
            super::private_files::create_private_dir(data_dir)
                .map_err(|e| StoreError::io(data_dir, e))?;
            let ring = Keyring::new(vec![SecretKey::generate()]).unwrap_or_else(|| unreachable!());
            write_key_file(&file, &ring)?;
            tracing::info!(path = %file.display(), key_id = %ring.current().id(), "created a new secret key");
            (KeySource::File(file.clone()), ring)
        };
        verify(&ring, &known, &source)?;
        // Only the current key encrypts, so only it can put data under a new id.
        register(db, ring.current()).await?;
        let file_stamp = match &source {
            KeySource::File(path) => stamp(path),
            _ => None,
        };
        Ok(Keys {
            source,
            state: RwLock::new((Arc::new(ring), file_stamp)),
        })
    }

    /// The current keyring, re-read first if the key file changed (its modification time and
    /// size are checked; the file is read only when they changed).
    pub(crate) fn ring(&self) -> Result<Arc<Keyring>, StoreError> {
        if let KeySource::File(path) = &self.source {
            let now = stamp(path);
            let stale = self.state.read().unwrap_or_else(PoisonError::into_inner).1 != now;
            if stale {
                let ring = Arc::new(read_key_file(path)?);
                *self.state.write().unwrap_or_else(PoisonError::into_inner) = (ring, now);
            }
        }
        Ok(self
            .state
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .0
            .clone())
    }

    /// Encrypts a column value of a row.
    pub(crate) fn seal(
        &self,
        table: &str,
        column: &str,
        id: &str,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        Ok(self.ring()?.encrypt(&aad(table, column, id), plaintext))
    }

    /// Decrypts a column value of a row.
    pub(crate) fn open(
        &self,
        table: &'static str,
        column: &'static str,
        id: &str,
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        self.ring()?
            .decrypt(&aad(table, column, id), ciphertext)
            .map_err(|source| StoreError::Decrypt {
                table,
                column,
                id: id.to_owned(),
                source,
            })
    }

    /// Rotates: with a key file, generates a new current key; then re-encrypts every ciphertext
    /// under the current key and retires the keys no row uses any more.
    pub(crate) async fn rotate(&self, db: &Db) -> Result<RotationReport, StoreError> {
        let old = self.ring()?;
        let generated = matches!(self.source, KeySource::File(_));
        let ring = if let KeySource::File(path) = &self.source {
            let mut keys = vec![SecretKey::generate()];
            keys.extend(old.keys().iter().cloned());
            let ring = Keyring::new(keys).unwrap_or_else(|| unreachable!());
            register(db, ring.current()).await?;
            write_key_file(path, &ring)?;
            let ring = Arc::new(ring);
            *self.state.write().unwrap_or_else(PoisonError::into_inner) =
                (ring.clone(), stamp(path));
            ring
        } else {
            if old.keys().len() == 1 && in_use(db).await?.iter().all(|id| *id == old.current().id())
            {
                return Err(StoreError::Rotation(format!(
                    "{} holds a single key and every row already uses it; to rotate, put a new key first \
                     ({SECRET_KEY_ENV}=<new>,<old>; create one with `head -c 32 /dev/urandom | base64`), \
                     give it to every instance, then run `appcreds keys rotate` again",
                    self.source.describe()
                )));
            }
            register(db, old.current()).await?;
            old
        };
        let current = ring.current().id();
        let mut reencrypted = 0;
        // A row changed by a concurrent writer between our read and our write is seen again by the
        // next pass; writers use the current key from now on, so passes converge.
        for _pass in 0..10 {
            let (changed, left) = reencrypt_pass(db, &ring).await?;
            reencrypted += changed;
            if left == 0 {
                break;
            }
        }
        let used = in_use(db).await?;
        let mut retired = Vec::new();
        for (id, _) in registered(db).await? {
            let Some(key_id) = KeyId::parse(&id) else {
                continue;
            };
            if key_id != current && !used.contains(&key_id) {
                db.execute("DELETE FROM appcreds_keys WHERE id = $1", args![id])
                    .await?;
                retired.push(key_id);
            }
        }
        let kept: Vec<SecretKey> = ring
            .keys()
            .iter()
            .filter(|k| !retired.contains(&k.id()))
            .cloned()
            .collect();
        if let KeySource::File(path) = &self.source {
            let kept = Keyring::new(kept.clone()).unwrap_or_else(|| unreachable!());
            write_key_file(path, &kept)?;
            *self.state.write().unwrap_or_else(PoisonError::into_inner) =
                (Arc::new(kept), stamp(path));
        }
        let report = RotationReport {
            current,
            generated,
            reencrypted,
            retired,
            still_in_use: used.into_iter().filter(|id| *id != current).collect(),
            source: self.source.describe(),
        };
        tracing::info!(current = %report.current, reencrypted, retired = report.retired.len(), "rotated secret keys");
        Ok(report)
    }
}

/// Checks a keyring against the keys the database registered.
fn verify(
    ring: &Keyring,
    known: &[(String, Vec<u8>)],
    source: &KeySource,
) -> Result<(), StoreError> {
    if known.is_empty() {
        return Ok(());
    }
    let mut missing = Vec::new();
    for (id, check) in known {
        let key_id = key_id_of(check)
            .map_err(|e| StoreError::Key(format!("appcreds_keys row `{id}`: {e}")))?;
        match ring.get(key_id) {
            Some(key) => {
                let plain = key.decrypt(&aad("appcreds_keys", "check_value", id), check);
                if plain.as_deref().ok() != Some(CHECK_PLAINTEXT) {
                    return Err(StoreError::Key(format!(
                        "wrong secret key: key {key_id} from {} does not decrypt the database's check value",
                        source.describe()
                    )));
                }
            }
            None => missing.push(key_id),
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let configured: Vec<String> = ring.keys().iter().map(|k| k.id().to_string()).collect();
    if missing.len() == known.len() {
        let expected: Vec<String> = missing.iter().map(ToString::to_string).collect();
        return Err(StoreError::Key(format!(
            "wrong secret key: the database was encrypted with key(s) {}, but {} holds key(s) {}; \
             set {SECRET_KEY_ENV} (or restore <data_dir>/{KEY_FILE_NAME}) to the key this database was written with",
            expected.join(", "),
            source.describe(),
            configured.join(", ")
        )));
    }
    Err(StoreError::unknown_keys(&missing, &source.describe()))
}

/// Every ciphertext of every encrypted column, as `(table, column, id, ciphertext)`.
async fn ciphertexts(
    db: &Db,
) -> Result<Vec<(&'static str, &'static str, String, Vec<u8>)>, StoreError> {
    db.read(|c| {
        Box::pin(async move {
            let mut out = Vec::new();
            for (table, column) in ENCRYPTED_COLUMNS {
                let select =
                    format!("SELECT id, {column} AS c FROM {table} WHERE {column} IS NOT NULL");
                for row in c.query(&select, args![]).await? {
                    out.push((*table, *column, row.get("id")?, row.get("c")?));
                }
            }
            Ok(out)
        })
    })
    .await
}

/// One pass of re-encryption, in one commit: returns (rows re-encrypted, rows still under another
/// key). Each row is updated only if it still holds the ciphertext read, so a concurrent write is
/// never overwritten.
async fn reencrypt_pass(db: &Db, ring: &Keyring) -> Result<(u64, u64), StoreError> {
    let current = ring.current().id();
    let mut updates = Vec::new();
    for (table, column, id, old) in ciphertexts(db).await? {
        if key_id_of(&old).ok() == Some(current) {
            continue;
        }
        let ad = aad(table, column, &id);
        let plain = ring
            .decrypt(&ad, &old)
            .map_err(|source| StoreError::Decrypt {
                table,
                column,
                id: id.clone(),
                source,
            })?;
        let update = format!("UPDATE {table} SET {column} = $1 WHERE id = $2 AND {column} = $3");
        updates.push((update, ring.encrypt(&ad, &plain), id, old));
    }
    let total = updates.len() as u64;
    let changed = db
        .write(move |c| {
            Box::pin(async move {
                let mut changed = 0;
                for (update, new, id, old) in updates {
                    changed += c.execute(&update, args![new, id, old]).await?;
                }
                Ok(changed)
            })
        })
        .await?;
    Ok((changed, total - changed))
}

/// The key ids that at least one ciphertext names.
async fn in_use(db: &Db) -> Result<Vec<KeyId>, StoreError> {
    let ids: std::collections::BTreeSet<KeyId> = ciphertexts(db)
        .await?
        .iter()
        .filter_map(|(_, _, _, value)| key_id_of(value).ok())
        .collect();
    Ok(ids.into_iter().collect())
}

/// What `appcreds keys rotate` did.
#[derive(Debug, Clone)]
pub struct RotationReport {
    /// The key everything is now encrypted under.
    pub current: KeyId,
    /// Whether a new key was generated (key file) or the first configured key was used.
    pub generated: bool,
    /// How many values were re-encrypted.
    pub reencrypted: u64,
    /// Keys no row uses any more: unregistered, and removed from the key file.
    pub retired: Vec<KeyId>,
    /// Other keys some row still uses (written concurrently): run the rotation again.
    pub still_in_use: Vec<KeyId>,
    /// Where the keys come from.
    pub source: String,
}
