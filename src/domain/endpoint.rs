//! Where the desk may send: a robot's webhook or the SMS gateway must not
//! be a link-local address (169.254.0.0/16, fe80::/10), where clouds
//! answer with their instance metadata and credentials; webhooks go over
//! https, plain http only to this machine (a relay or a test).

use std::net::{IpAddr, Ipv6Addr};

use reqwest::Url;

/// Host names that clouds resolve to their metadata service.
const METADATA_NAMES: [&str; 2] = ["metadata.google.internal", "metadata"];

/// Whether `host` (a name or an address, IPv6 with or without brackets)
/// is this machine.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim().trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub fn is_loopback_url(url: &Url) -> bool {
    url.host_str().is_some_and(is_loopback_host)
}

fn is_link_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => {
            // fe80::/10, and AWS's IPv6 metadata address.
            (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6 == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)
                || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_link_local())
        }
    }
}

/// Refuses a link-local or metadata address, by address or by the names
/// clouds give it. (A name that only resolves there is not seen here.)
pub fn check_reachable(url: &Url) -> Result<(), String> {
    let host = url.host_str().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let link_local = bare.parse::<IpAddr>().is_ok_and(is_link_local);
    if link_local || METADATA_NAMES.iter().any(|m| bare.eq_ignore_ascii_case(m)) {
        return Err(format!(
            "{host} is a link-local or cloud metadata address, never a webhook or gateway"
        ));
    }
    Ok(())
}

/// A group robot's webhook: https (plain http only to this machine), and
/// not link-local. The error says why, without the URL's key.
pub fn check_webhook(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_url(url) => {}
        "http" => {
            return Err(format!(
                "{} is plain http: a webhook URL carries the robot's key, so it must be https \
                 (http only to this machine)",
                url.host_str().unwrap_or_default()
            ));
        }
        _ => return Err("a webhook URL starts with https://".into()),
    }
    check_reachable(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn webhooks_are_https_but_to_this_machine() {
        assert!(check_webhook(&url("https://qyapi.weixin.qq.com/x?key=k")).is_ok());
        assert!(check_webhook(&url("http://127.0.0.1:8080/robot")).is_ok());
        assert!(check_webhook(&url("http://[::1]:8080/robot")).is_ok());
        assert!(check_webhook(&url("http://localhost/robot")).is_ok());
        let e = check_webhook(&url("http://robots.example/x?key=secret")).unwrap_err();
        assert!(e.contains("https") && !e.contains("secret"), "{e}");
        assert!(check_webhook(&url("ftp://robots.example/x")).is_err());
    }

    #[test]
    fn link_local_and_metadata_addresses_are_refused() {
        for bad in [
            "https://169.254.169.254/latest/meta-data",
            "https://169.254.0.1/x",
            "https://[fe80::1]/x",
            "https://[febf::1]/x",
            "https://[fd00:ec2::254]/x",
            "https://[::ffff:169.254.169.254]/x",
            "http://metadata.google.internal/computeMetadata",
        ] {
            assert!(check_reachable(&url(bad)).is_err(), "{bad}");
        }
        for good in [
            "https://10.0.0.1/x",
            "https://[fec0::1]/x",
            "https://sms.example/",
        ] {
            assert!(check_reachable(&url(good)).is_ok(), "{good}");
        }
    }
}
