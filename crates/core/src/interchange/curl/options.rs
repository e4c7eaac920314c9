//! The curl options known here: what each does to the request, and whether it takes an
//! argument (so the walk over the words never takes an option's value for the URL).

/// What an option does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `-X`: the method.
    Method,
    /// `-H`: a header.
    Header,
    /// A body part; how `@` is read.
    Data(DataKind),
    /// `--json`.
    Json,
    /// `-F`: a multipart field (`@file`, `<file` understood).
    Form,
    /// `--form-string`: a literal multipart text field.
    FormString,
    /// `-u user:password`.
    User,
    /// `--url`.
    Url,
    /// `--url-query`.
    UrlQuery,
    /// `-G`.
    Get,
    /// `-I`.
    Head,
    /// `-T`: the file as a PUT body.
    UploadFile,
    /// `-A`: User-Agent header.
    UserAgent,
    /// `-e`: Referer header.
    Referer,
    /// `-b`: cookies (a Cookie header) or a cookie file.
    Cookie,
    /// `--oauth2-bearer`.
    OAuth2Bearer,
    /// `-k`.
    Insecure,
    /// Another auth scheme than Basic (`--digest`, `--ntlm`…).
    OtherAuth,
    /// Changes nothing in the request (output, progress, redirects, decompression).
    Ignore,
    /// Affects the transfer in a way a request here cannot say: reported.
    Report,
}

/// How a body option reads its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataKind {
    /// `-d`, `--data-ascii`: `@file` reads a file.
    Ascii,
    /// `--data-binary`: `@file` reads a file as is.
    Binary,
    /// `--data-raw`: no `@`.
    Raw,
    /// `--data-urlencode`: encoded.
    UrlEncode,
}

/// One known option.
#[derive(Debug)]
pub struct Spec {
    /// Its one-letter name, if it has one.
    pub short: Option<char>,
    /// Its long name, without `--`.
    pub long: &'static str,
    /// Whether it takes an argument.
    pub takes_arg: bool,
    /// What it does.
    pub action: Action,
}

const fn opt(short: Option<char>, long: &'static str, takes_arg: bool, action: Action) -> Spec {
    Spec {
        short,
        long,
        takes_arg,
        action,
    }
}

use Action::*;

const TABLE: &[Spec] = &[
    opt(Some('X'), "request", true, Method),
    opt(Some('H'), "header", true, Header),
    opt(Some('d'), "data", true, Data(DataKind::Ascii)),
    opt(None, "data-ascii", true, Data(DataKind::Ascii)),
    opt(None, "data-binary", true, Data(DataKind::Binary)),
    opt(None, "data-raw", true, Data(DataKind::Raw)),
    opt(None, "data-urlencode", true, Data(DataKind::UrlEncode)),
    opt(None, "json", true, Json),
    opt(Some('F'), "form", true, Form),
    opt(None, "form-string", true, FormString),
    opt(Some('u'), "user", true, User),
    opt(None, "url", true, Url),
    opt(None, "url-query", true, UrlQuery),
    opt(Some('G'), "get", false, Get),
    opt(Some('I'), "head", false, Head),
    opt(Some('T'), "upload-file", true, UploadFile),
    opt(Some('A'), "user-agent", true, UserAgent),
    opt(Some('e'), "referer", true, Referer),
    opt(Some('b'), "cookie", true, Cookie),
    opt(None, "oauth2-bearer", true, OAuth2Bearer),
    opt(Some('k'), "insecure", false, Insecure),
    opt(None, "digest", false, OtherAuth),
    opt(None, "ntlm", false, OtherAuth),
    opt(None, "ntlm-wb", false, OtherAuth),
    opt(None, "negotiate", false, OtherAuth),
    opt(None, "anyauth", false, OtherAuth),
    opt(None, "aws-sigv4", true, OtherAuth),
    opt(None, "basic", false, Ignore),
    // Output, progress and following: the app shows the response its own way.
    opt(Some('s'), "silent", false, Ignore),
    opt(Some('S'), "show-error", false, Ignore),
    opt(Some('i'), "include", false, Ignore),
    opt(Some('v'), "verbose", false, Ignore),
    opt(Some('L'), "location", false, Ignore),
    opt(None, "compressed", false, Ignore),
    opt(Some('o'), "output", true, Ignore),
    opt(Some('O'), "remote-name", false, Ignore),
    opt(Some('J'), "remote-header-name", false, Ignore),
    opt(Some('#'), "progress-bar", false, Ignore),
    opt(None, "no-progress-meter", false, Ignore),
    opt(Some('f'), "fail", false, Ignore),
    opt(None, "fail-with-body", false, Ignore),
    opt(Some('g'), "globoff", false, Ignore),
    opt(Some('N'), "no-buffer", false, Ignore),
    opt(Some('D'), "dump-header", true, Ignore),
    opt(Some('w'), "write-out", true, Ignore),
    opt(None, "stderr", true, Ignore),
    opt(None, "trace", true, Ignore),
    opt(None, "trace-ascii", true, Ignore),
    opt(None, "trace-time", false, Ignore),
    opt(None, "create-dirs", false, Ignore),
    opt(None, "output-dir", true, Ignore),
    opt(Some('R'), "remote-time", false, Ignore),
    opt(None, "max-redirs", true, Ignore),
    opt(None, "post301", false, Ignore),
    opt(None, "post302", false, Ignore),
    opt(None, "post303", false, Ignore),
    opt(None, "location-trusted", false, Ignore),
    // Transfer settings a request here does not hold.
    opt(Some('m'), "max-time", true, Report),
    opt(None, "connect-timeout", true, Report),
    opt(Some('x'), "proxy", true, Report),
    opt(Some('U'), "proxy-user", true, Report),
    opt(None, "noproxy", true, Report),
    opt(None, "proxy-header", true, Report),
    opt(Some('p'), "proxytunnel", false, Report),
    opt(None, "cacert", true, Report),
    opt(None, "capath", true, Report),
    opt(Some('E'), "cert", true, Report),
    opt(None, "cert-type", true, Report),
    opt(None, "key", true, Report),
    opt(None, "key-type", true, Report),
    opt(None, "pass", true, Report),
    opt(None, "pinnedpubkey", true, Report),
    opt(None, "ciphers", true, Report),
    opt(None, "tls-max", true, Report),
    opt(None, "tlsv1.2", false, Report),
    opt(None, "tlsv1.3", false, Report),
    opt(None, "resolve", true, Report),
    opt(None, "connect-to", true, Report),
    opt(None, "interface", true, Report),
    opt(None, "unix-socket", true, Report),
    opt(None, "abstract-unix-socket", true, Report),
    opt(None, "retry", true, Report),
    opt(None, "retry-delay", true, Report),
    opt(None, "retry-max-time", true, Report),
    opt(None, "retry-all-errors", false, Report),
    opt(None, "limit-rate", true, Report),
    opt(Some('Y'), "speed-limit", true, Report),
    opt(Some('y'), "speed-time", true, Report),
    opt(Some('r'), "range", true, Report),
    opt(Some('C'), "continue-at", true, Report),
    opt(Some('z'), "time-cond", true, Report),
    opt(Some('c'), "cookie-jar", true, Report),
    opt(Some('j'), "junk-session-cookies", false, Report),
    opt(Some('K'), "config", true, Report),
    opt(Some('n'), "netrc", false, Report),
    opt(None, "netrc-file", true, Report),
    opt(None, "netrc-optional", false, Report),
    opt(Some('0'), "http1.0", false, Report),
    opt(None, "http1.1", false, Ignore),
    opt(None, "http2", false, Report),
    opt(None, "http2-prior-knowledge", false, Report),
    opt(None, "http3", false, Report),
    opt(Some('4'), "ipv4", false, Report),
    opt(Some('6'), "ipv6", false, Report),
    opt(None, "path-as-is", false, Report),
    opt(None, "request-target", true, Report),
    opt(None, "expect100-timeout", true, Report),
    opt(None, "keepalive-time", true, Report),
    opt(None, "no-keepalive", false, Ignore),
    opt(None, "tcp-nodelay", false, Ignore),
    opt(None, "variable", true, Report),
    opt(Some('Z'), "parallel", false, Ignore),
    opt(Some('q'), "disable", false, Ignore),
    opt(Some('a'), "append", false, Report),
    opt(Some('B'), "use-ascii", false, Report),
    opt(Some('P'), "ftp-port", true, Report),
    opt(Some('Q'), "quote", true, Report),
    opt(Some('t'), "telnet-option", true, Report),
    opt(None, "mail-from", true, Report),
    opt(None, "mail-rcpt", true, Report),
    opt(None, "sasl-authzid", true, Report),
    opt(None, "login-options", true, Report),
    opt(None, "dns-servers", true, Report),
    opt(None, "doh-url", true, Report),
    opt(None, "local-port", true, Report),
    opt(None, "max-filesize", true, Report),
    opt(None, "happy-eyeballs-timeout-ms", true, Report),
    opt(None, "ssl-no-revoke", false, Report),
    opt(None, "proto", true, Report),
    opt(None, "proto-redir", true, Report),
    opt(None, "proto-default", true, Report),
    opt(None, "hsts", true, Report),
    opt(None, "alt-svc", true, Report),
    opt(None, "etag-save", true, Report),
    opt(None, "etag-compare", true, Report),
    opt(None, "tr-encoding", false, Report),
    opt(None, "raw", false, Report),
];

/// The option `--long` (`no-` booleans such as `--no-keepalive` find their positive).
pub fn by_long(name: &str) -> Option<&'static Spec> {
    TABLE.iter().find(|s| s.long == name).or_else(|| {
        let positive = name.strip_prefix("no-")?;
        TABLE.iter().find(|s| s.long == positive && !s.takes_arg)
    })
}

/// The option `-c`.
pub fn by_short(c: char) -> Option<&'static Spec> {
    TABLE.iter().find(|s| s.short == Some(c))
}

/// How the option is written in messages: `-X/--request`.
pub fn label(spec: &Spec) -> String {
    match spec.short {
        Some(c) => format!("-{c}/--{}", spec.long),
        None => format!("--{}", spec.long),
    }
}
