//! The shape of `src/`, checked on every test run: no file imports from a
//! file that imports back from it (directly or round a longer circle), no
//! file outgrows one job, the dashboard's runtime never reaches up into
//! the CLI, SQL stays in the store and the domain stays plain Rust.
//!
//! An "import" is any path a file names that leads into another file of
//! the crate: `use` declarations, paths written in code
//! (`crate::app::model::Model`, `super::state::X`) and paths into a
//! module's own children (`board::render`). A path through a re-export is
//! followed to the file that defines the item, so `crate::app::Model`
//! counts as an import of `app/model.rs`; the re-export itself (a
//! `mod.rs` naming its children's items for the outside) is a facade, not
//! an import of its own. Test code (`#[cfg(test)]`
//! modules and the files they pull in) is left out: it is not part of the
//! structure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files that hold a table one may read down, not code to follow.
const TABLES: &[&str] = &["src/app/keymap.rs"];
/// "About 500 lines": a file past this does more than one job.
const MAX_LINES: usize = 520;

struct Module {
    file: String,
    /// The module path, e.g. ["app", "board", "update"].
    path: Vec<String>,
    text: String,
    /// `text` without its `use` declarations: what the code itself names.
    code: String,
    children: BTreeSet<String>,
    defines: BTreeSet<String>,
    /// Names re-exported by `pub use`: name -> the path it stands for.
    reexports: BTreeMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
    uses: Vec<Vec<String>>,
    /// Paths of `pub use` declarations: a facade over the module's own
    /// children is not an import of them (only its code's paths are).
    facade: Vec<Vec<String>>,
}

/// The code with comments, strings and char literals blanked out, so a
/// path inside them is not read as an import.
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !word_before(&b, i) {
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (next == Some('\\') || b.get(i + 2) == Some(&'\'')) {
            // A char literal ('x', '\n'); a lifetime ('a) is left as it is.
            i += 1;
            while i < b.len() && b[i] != '\'' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn word_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// `code` without its `#[cfg(test)]` items (modules and the rest).
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        // The item ends at its `;` or at the brace that closes its body.
        let semi = after.find(';');
        let brace = after.find('{');
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = after.len();
                for (k, ch) in after[b..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(s), None) => s + 1,
            (None, None) => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `use a::{b, c::{d, e as f}, g::*};` -> [a::b, a::c::d, a::c::e, a::g::*],
/// each with the name it is known by.
fn expand_use(tree: &str) -> Vec<(Vec<String>, String)> {
    fn go(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, String)>) {
        let tree = tree.trim();
        if tree.is_empty() {
            return;
        }
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut base = prefix.to_vec();
            base.extend(head);
            let mut depth = 0;
            let mut start = 0;
            for (i, ch) in inner.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        go(&base, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            go(&base, &inner[start..], out);
            return;
        }
        let (path, alias) = match tree.split_once(" as ") {
            Some((p, a)) => (p.trim(), Some(a.trim().to_string())),
            None => (tree, None),
        };
        let mut full = prefix.to_vec();
        full.extend(path.split("::").map(|s| s.trim().to_string()));
        if full.last().is_some_and(|s| s == "self") {
            full.pop();
        }
        let name = alias.unwrap_or_else(|| full.last().cloned().unwrap_or_default());
        out.push((full, name));
    }
    let mut out = Vec::new();
    go(&[], tree, &mut out);
    out
}

fn idents(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

fn read_modules(root: &Path) -> BTreeMap<Vec<String>, Module> {
    let mut modules = BTreeMap::new();
    let mut pending = vec![(root.join("lib.rs"), Vec::<String>::new())];
    while let Some((file, path)) = pending.pop() {
        let src = std::fs::read_to_string(&file).unwrap();
        let text = without_tests(&code_only(&src));
        let dir = if file.ends_with("lib.rs") || file.ends_with("mod.rs") {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        let mut m = Module {
            file: file
                .strip_prefix(root.parent().unwrap())
                .unwrap()
                .display()
                .to_string(),
            path: path.clone(),
            text: String::new(),
            code: String::new(),
            children: BTreeSet::new(),
            defines: BTreeSet::new(),
            reexports: BTreeMap::new(),
            globs: Vec::new(),
            uses: Vec::new(),
            facade: Vec::new(),
        };
        for stmt in text.split(';') {
            let s = stmt.trim();
            let s = s.rsplit(['}', '{']).next().unwrap_or(s).trim();
            let words: Vec<&str> = s.split_whitespace().collect();
            let at = words.iter().position(|w| *w == "mod" || *w == "use");
            let Some(at) = at else { continue };
            if words[..at]
                .iter()
                .any(|w| !w.starts_with("pub") && !w.starts_with('#'))
            {
                continue;
            }
            let rest = words[at + 1..].join(" ");
            if words[at] == "mod" && !rest.contains(' ') {
                m.children.insert(rest.clone());
                let child = [
                    dir.join(format!("{rest}.rs")),
                    dir.join(&rest).join("mod.rs"),
                ]
                .into_iter()
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("{}: no file for mod {rest}", file.display()));
                let mut p = path.clone();
                p.push(rest);
                pending.push((child, p));
            }
        }
        // `use` trees span lines and braces: read them from the text.
        let mut code = String::new();
        let mut rest = text.as_str();
        while let Some(at) = find_word(rest, "use") {
            code.push_str(&rest[..at]);
            let before = &rest[..at];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let public = before[line_start..].contains("pub");
            let after = &rest[at + 3..];
            let end = after.find(';').unwrap_or(after.len());
            for (full, name) in expand_use(&after[..end]) {
                if full.last().is_some_and(|s| s == "*") {
                    let mut g = full.clone();
                    g.pop();
                    m.globs.push(g.clone());
                    m.uses.push(g);
                    continue;
                }
                if public {
                    m.reexports.insert(name, full.clone());
                    m.facade.push(full.clone());
                }
                m.uses.push(full);
            }
            rest = &after[end..];
        }
        code.push_str(rest);
        m.code = code;
        for kw in [
            "fn",
            "struct",
            "enum",
            "trait",
            "type",
            "const",
            "static",
            "macro_rules!",
        ] {
            let mut t = text.as_str();
            while let Some(at) = find_word(t, kw.trim_end_matches('!')) {
                let after = &t[at + kw.len()..];
                if let Some(name) = idents(after).next() {
                    m.defines.insert(name.to_string());
                }
                t = after;
            }
        }
        m.text = text;
        modules.insert(path, m);
    }
    modules
}

fn find_word(s: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(word) {
        let at = from + i;
        let before = s[..at].chars().next_back();
        let after = s[at + word.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if edge(before) && edge(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The absolute module path `segments` stands for, read in module `at`.
fn absolute(at: &Module, segments: &[String]) -> Option<Vec<String>> {
    let (head, rest) = segments.split_first()?;
    let mut base = match head.as_str() {
        "crate" => Vec::new(),
        "self" => at.path.clone(),
        "super" => {
            let mut p = at.path.clone();
            p.pop()?;
            let mut rest = rest;
            while rest.first().is_some_and(|s| s == "super") {
                p.pop()?;
                rest = &rest[1..];
            }
            p.extend(rest.iter().cloned());
            return Some(p);
        }
        child if at.children.contains(child) => {
            let mut p = at.path.clone();
            p.push(child.to_string());
            p
        }
        _ => return None,
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The file that defines what `path` names, following re-exports.
fn target(
    modules: &BTreeMap<Vec<String>, Module>,
    path: &[String],
    depth: usize,
) -> Option<String> {
    if depth > 16 {
        return None;
    }
    let module_len = (0..=path.len())
        .rev()
        .find(|n| modules.contains_key(&path[..*n]))?;
    let m = &modules[&path[..module_len]];
    let Some(name) = path.get(module_len) else {
        return Some(m.file.clone());
    };
    if m.defines.contains(name) {
        return Some(m.file.clone());
    }
    if let Some(to) = m.reexports.get(name) {
        let to = absolute(m, to)?;
        let mut full = to;
        full.extend(path[module_len + 1..].iter().cloned());
        return target(modules, &full, depth + 1).or(Some(m.file.clone()));
    }
    for g in &m.globs {
        if let Some(mut to) = absolute(m, g) {
            to.extend(path[module_len..].iter().cloned());
            if let Some(f) = target(modules, &to, depth + 1)
                && f != m.file
            {
                return Some(f);
            }
        }
    }
    Some(m.file.clone())
}

/// Every file each file imports from.
fn imports(modules: &BTreeMap<Vec<String>, Module>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in modules.values() {
        let mut paths: Vec<Vec<String>> = m.uses.clone();
        // Paths written in code: crate::a::b, super::x, self::y, child::z.
        let t = &m.code;
        let starts: Vec<usize> = t
            .match_indices("::")
            .map(|(i, _)| i)
            .filter(|&i| {
                let before = t[..i].chars().next_back();
                before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
            .collect();
        for i in starts {
            let head_start = t[..i]
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(0, |k| k + 1);
            if head_start > 0 && t[..head_start].ends_with("::") {
                continue;
            }
            let tail = &t[head_start..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            let segments: Vec<String> = tail[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            paths.push(segments);
        }
        for p in paths {
            let Some(abs) = absolute(m, &p) else { continue };
            let own_child = abs.len() > m.path.len() && abs.starts_with(&m.path);
            if own_child && m.facade.contains(&p) {
                continue;
            }
            if let Some(f) = target(modules, &abs, 0)
                && f != m.file
            {
                edges.entry(m.file.clone()).or_default().insert(f);
            }
        }
    }
    edges
}

/// Circles among the files: each strongly connected set of two or more.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan, iteratively small enough to be plain recursion here.
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        if let Some(ws) = s.edges.get(v) {
            for w in ws {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if s.on.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                set.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if set.len() > 1 {
                set.sort();
                s.found.push(set);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn graph() -> (
    BTreeMap<Vec<String>, Module>,
    BTreeMap<String, BTreeSet<String>>,
) {
    let modules = read_modules(&src());
    let edges = imports(&modules);
    (modules, edges)
}

#[test]
fn no_file_imports_from_a_file_that_imports_back() {
    let (_, edges) = graph();
    let found = circles(&edges);
    let mut report = String::new();
    for set in &found {
        report.push_str(&format!("circle: {}\n", set.join(", ")));
        for a in set {
            for b in edges[a].iter().filter(|b| set.contains(b)) {
                report.push_str(&format!("  {a} -> {b}\n"));
            }
        }
    }
    assert!(found.is_empty(), "import circles in src/:\n{report}");
}

#[test]
fn the_checker_sees_a_circle_when_there_is_one() {
    // Two files that name each other, and a mod.rs whose code uses its
    // child while the child imports back from it: both are circles. A
    // mod.rs that only re-exports its child (d/) is not.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("src");
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(root.join("d")).unwrap();
    std::fs::write(
        root.join("lib.rs"),
        "pub mod a;\npub mod b;\npub mod c;\npub mod d;\n",
    )
    .unwrap();
    std::fs::write(
        root.join("a/mod.rs"),
        "mod x;\npub struct Other;\npub fn make() -> x::Thing { x::Thing }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("d/mod.rs"),
        "mod y;\npub use y::Thing;\npub struct Other;\n",
    )
    .unwrap();
    std::fs::write(
        root.join("d/y.rs"),
        "use super::Other;\npub struct Thing;\n",
    )
    .unwrap();
    std::fs::write(
        root.join("a/x.rs"),
        "use super::Other;\npub struct Thing;\n",
    )
    .unwrap();
    std::fs::write(root.join("b.rs"), "pub fn f() { crate::c::g() }\n").unwrap();
    std::fs::write(
        root.join("c.rs"),
        "// crate::b is named in a comment only\npub fn g() { let s = \"crate::b::f\"; super::b::f() }\n",
    )
    .unwrap();
    let modules = read_modules(&root);
    let found = circles(&imports(&modules));
    assert_eq!(
        found,
        [
            vec!["src/a/mod.rs".to_string(), "src/a/x.rs".to_string()],
            vec!["src/b.rs".to_string(), "src/c.rs".to_string()],
        ]
    );
}

#[test]
fn no_file_outgrows_one_job() {
    let (modules, _) = graph();
    let root = src().parent().unwrap().to_path_buf();
    let long: Vec<String> = modules
        .values()
        .filter(|m| !TABLES.contains(&m.file.as_str()))
        .filter_map(|m| {
            let n = std::fs::read_to_string(root.join(&m.file))
                .unwrap()
                .lines()
                .count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", m.file))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn the_dashboard_never_reaches_up_into_the_cli() {
    let (_, edges) = graph();
    let up: Vec<String> = edges
        .iter()
        .filter(|(from, _)| !from.starts_with("src/cli/"))
        .flat_map(|(from, to)| {
            to.iter()
                .filter(|t| t.starts_with("src/cli/"))
                .map(move |t| format!("{from} -> {t}"))
        })
        .collect();
    assert!(up.is_empty(), "imports of cli/ from below it: {up:?}");
}

#[test]
fn sql_stays_in_the_store_and_the_domain_stays_plain() {
    let (modules, _) = graph();
    for m in modules.values() {
        let crates: BTreeSet<&str> = idents(&m.text).collect();
        if !m.file.starts_with("src/store/") {
            assert!(!crates.contains("rusqlite"), "{} uses rusqlite", m.file);
        }
        if m.file.starts_with("src/domain/") {
            for c in ["rusqlite", "ratatui", "crossterm", "tokio"] {
                assert!(!crates.contains(c), "{} uses {c}", m.file);
            }
        }
    }
}
