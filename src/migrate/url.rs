//! Database URLs: `postgres://user:pass@host:port/db?schema=name`,
//! `mysql://user:pass@host:port/db` (MySQL 8 and MariaDB), `sqlite://path`, or a bare
//! file path, which is a SQLite database.

use std::path::PathBuf;

/// A parsed database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    Postgres(ServerUrl),
    Mysql(ServerUrl),
    Sqlite(PathBuf),
}

/// The parts of a server URL. `database` is the path after the host; `schema` the
/// `?schema=` parameter (PostgreSQL only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl {
    pub user: Option<String>,
    pub password: Option<String>,
    pub host: String,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub schema: Option<String>,
}

impl DbUrl {
    /// Parses `text`; the error is a message for the user.
    pub fn parse(text: &str) -> Result<DbUrl, String> {
        let Some((scheme, rest)) = text.split_once("://") else {
            if text.is_empty() {
                return Err("the database URL is empty".to_string());
            }
            return Ok(DbUrl::Sqlite(PathBuf::from(text)));
        };
        match scheme {
            "postgres" | "postgresql" => Ok(DbUrl::Postgres(parse_server(rest, true)?)),
            "mysql" | "mariadb" => {
                let url = parse_server(rest, false)?;
                if url.database.is_none() {
                    return Err("a MySQL URL must name the database: `mysql://user@host:3306/db`".to_string());
                }
                Ok(DbUrl::Mysql(url))
            }
            "sqlite" if !rest.is_empty() => Ok(DbUrl::Sqlite(PathBuf::from(rest))),
            "sqlite" => Err("a SQLite URL must name the file: `sqlite://path/to/db.sqlite`".to_string()),
            other => Err(format!("unknown database URL scheme `{other}://` (expected postgres://, mysql:// or sqlite://)")),
        }
    }

    /// The folder under the migrations folder that holds this engine's files.
    pub fn dialect_folder(&self) -> &'static str {
        match self {
            DbUrl::Postgres(_) => "postgres",
            DbUrl::Mysql(_) => "mysql",
            DbUrl::Sqlite(_) => "sqlite",
        }
    }
}

/// Parses `user:pass@host:port/db?key=value` (everything after `scheme://`).
fn parse_server(rest: &str, allows_schema: bool) -> Result<ServerUrl, String> {
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.split_once('/') {
        Some((authority, path)) => (authority, path),
        None => (before_query, ""),
    };
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => (Some(userinfo), hostport),
        None => (None, authority),
    };
    let (user, password) = match userinfo {
        Some(info) => match info.split_once(':') {
            Some((user, password)) => (Some(decode(user)?), Some(decode(password)?)),
            None => (Some(decode(info)?), None),
        },
        None => (None, None),
    };
    let (host, port) = split_host_port(hostport)?;
    let database = (!path.is_empty()).then(|| decode(path)).transpose()?;
    let mut schema = None;
    for pair in query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("schema", value)) if allows_schema && !value.is_empty() => {
                schema = Some(decode(value)?)
            }
            _ => {
                let allowed = if allows_schema {
                    " (the only one allowed is `schema=name`)"
                } else {
                    " (none are allowed)"
                };
                return Err(format!("unsupported URL parameter `{pair}`{allowed}"));
            }
        }
    }
    Ok(ServerUrl {
        user,
        password,
        host,
        port,
        database,
        schema,
    })
}

fn split_host_port(hostport: &str) -> Result<(String, Option<u16>), String> {
    let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
        // An IPv6 address: `[::1]:5432`.
        let (host, after) = bracketed
            .split_once(']')
            .ok_or_else(|| format!("unclosed `[` in host `{hostport}`"))?;
        (host, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err("the database URL names no host".to_string());
    }
    let port = port
        .map(|p| {
            p.parse::<u16>()
                .map_err(|_| format!("`{p}` is not a port number"))
        })
        .transpose()?;
    Ok((decode(host)?, port))
}

/// Decodes `%xx` escapes.
fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            let byte = hex.ok_or_else(|| format!("bad `%` escape in `{text}`"))?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{text}` does not decode to UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_url_with_schema() {
        let url = DbUrl::parse("postgres://postgres@127.0.0.1:5432/postgres?schema=t_1").unwrap();
        let DbUrl::Postgres(server) = url else {
            panic!("not postgres")
        };
        assert_eq!(server.user.as_deref(), Some("postgres"));
        assert_eq!(server.password, None);
        assert_eq!(server.host, "127.0.0.1");
        assert_eq!(server.port, Some(5432));
        assert_eq!(server.database.as_deref(), Some("postgres"));
        assert_eq!(server.schema.as_deref(), Some("t_1"));
    }

    #[test]
    fn mysql_url_with_escaped_password() {
        let url = DbUrl::parse("mysql://root:p%40ss@db.local/shop").unwrap();
        let DbUrl::Mysql(server) = url else {
            panic!("not mysql")
        };
        assert_eq!(server.password.as_deref(), Some("p@ss"));
        assert_eq!(server.host, "db.local");
        assert_eq!(server.port, None);
        assert_eq!(server.database.as_deref(), Some("shop"));
    }

    #[test]
    fn sqlite_urls_and_paths() {
        assert_eq!(
            DbUrl::parse("sqlite:///tmp/a.db").unwrap(),
            DbUrl::Sqlite("/tmp/a.db".into())
        );
        assert_eq!(
            DbUrl::parse("sqlite://a.db").unwrap(),
            DbUrl::Sqlite("a.db".into())
        );
        assert_eq!(
            DbUrl::parse("dev.sqlite").unwrap(),
            DbUrl::Sqlite("dev.sqlite".into())
        );
    }

    #[test]
    fn bad_urls_are_errors() {
        assert!(DbUrl::parse("oracle://x/y").is_err());
        assert!(DbUrl::parse("mysql://root@host").is_err());
        assert!(DbUrl::parse("mysql://root@host/db?schema=x").is_err());
        assert!(DbUrl::parse("postgres://host:99999/db").is_err());
        assert!(DbUrl::parse("postgres://host/db?sslmode=require").is_err());
        assert!(DbUrl::parse("postgres://%zz@host/db").is_err());
        assert!(DbUrl::parse("sqlite://").is_err());
        assert!(DbUrl::parse("").is_err());
    }
}
