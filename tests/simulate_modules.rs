//! The files of `src/simulate` (and its subfolders) import each other without a cycle: the
//! layers run from the sampler and the options through the compiled `runner` and the block
//! columns to the `engine` that runs the draws and the `mod.rs` facade that re-exports them.
//!
//! Each file is a node (`batch/mod.rs` is `batch`, `batch/plan.rs` is `batch/plan`); its edges
//! are the files its code names: `use` declarations and paths in code starting with `super::`,
//! `self::` or `crate::simulate::` (groups `{a, b::C}` included), resolved to the deepest file
//! module the path reaches (a path ending on an item of `mod.rs` is an edge to that `mod.rs`),
//! and in a `mod.rs` the paths through its own child modules (`columns::columns(...)`).
//! Comments and the `#[cfg(test)]` module at the end of a file are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every `.rs` file under `dir` as (module path below `src`, file path).
fn files(dir: &Path, out: &mut BTreeMap<Module, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
            let Ok(rel) = p.strip_prefix(&src) else {
                continue;
            };
            let mut m: Module = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if m.last().is_some_and(|x| x == "mod") {
                m.pop();
            }
            out.insert(m, p);
        }
    }
}

/// The code of a file without comments and without its trailing test module.
fn code(src: &str) -> String {
    let src = src.split("#[cfg(test)]").next().unwrap_or("");
    src.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Deepest existing module reached from `base` along `segs`.
fn resolve(base: &[String], segs: &[&str], exists: &dyn Fn(&[String]) -> bool) -> Module {
    let mut cur: Module = base.to_vec();
    for s in segs {
        let mut next = cur.clone();
        next.push((*s).to_string());
        if exists(&next) {
            cur = next;
        } else {
            break;
        }
    }
    cur
}

/// The modules that the file of module `me` (`is_mod`: a `mod.rs`) names in `src`.
fn deps_of(
    me: &[String],
    is_mod: bool,
    src: &str,
    exists: &dyn Fn(&[String]) -> bool,
) -> BTreeSet<Module> {
    let text = code(src);
    // `super` of `simulate/batch/plan.rs` and of `simulate/batch/mod.rs` alike is the module
    // one up from the file's own
    let parent: Module = me[..me.len().saturating_sub(1)].to_vec();
    // the module a path head names: `super` is the parent of the module (for a `mod.rs`, the
    // module of its folder's parent), `self` the module itself
    let base_of = |head: &str| -> Option<Module> {
        match head {
            "super" => Some(parent.clone()),
            "self" => Some(me.to_vec()),
            "crate::simulate" => Some(vec!["simulate".to_string()]),
            _ => None,
        }
    };
    let mut out = BTreeSet::new();
    let mut add = |base: Module, path: &str| {
        let mut segs: Vec<&str> = path.split("::").map(str::trim).collect();
        let mut base = base;
        while segs.first() == Some(&"super") {
            base.pop();
            segs.remove(0);
        }
        let t = resolve(&base, &segs, exists);
        if t != me && exists(&t) {
            out.insert(t);
        }
    };
    let bytes = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for head in ["crate::simulate", "super", "self"] {
        let mut from = 0;
        while let Some(k) = text[from..].find(head) {
            let at = from + k;
            from = at + head.len();
            let before_ok = at == 0 || !(ident(bytes[at - 1]) || bytes[at - 1] == b':');
            if !before_ok || !text[from..].starts_with("::") {
                continue;
            }
            let Some(base) = base_of(head) else { continue };
            let rest = &text[from + 2..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use super::{a::B, c}`
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    add(base.clone(), item.split(" as ").next().unwrap_or(item));
                }
            } else {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                add(base.clone(), rest[..end].trim_end_matches(':'));
            }
        }
    }
    if is_mod {
        // a facade's paths through its own children (`plan::Plan`, `columns::columns`)
        let mut k = 0;
        while k < bytes.len() {
            if ident(bytes[k]) && (k == 0 || !(ident(bytes[k - 1]) || bytes[k - 1] == b':')) {
                let end = (k..bytes.len())
                    .find(|&e| !ident(bytes[e]))
                    .unwrap_or(bytes.len());
                if text[end..].starts_with("::") {
                    let mut child = me.to_vec();
                    child.push(text[k..end].to_string());
                    if exists(&child) {
                        out.insert(child);
                    }
                }
                k = end;
            } else {
                k += 1;
            }
        }
    }
    out
}

/// A cycle of `graph`, as the modules along it (the first repeated at the end), if any.
fn find_cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    // iterative depth-first search with colours: 0 new, 1 on the stack, 2 done
    let mut colour: BTreeMap<&Module, u8> = BTreeMap::new();
    for start in graph.keys() {
        if colour.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(&Module, Vec<&Module>)> = vec![(start, graph[start].iter().collect())];
        colour.insert(start, 1);
        while let Some((node, todo)) = stack.last_mut() {
            let node: &Module = node;
            match todo.pop() {
                Some(next) => match colour.get(next).copied().unwrap_or(0) {
                    0 => {
                        colour.insert(next, 1);
                        let succ = graph
                            .get(next)
                            .map(|s| s.iter().collect())
                            .unwrap_or_default();
                        stack.push((next, succ));
                    }
                    1 => {
                        let from = stack.iter().position(|(m, _)| *m == next).unwrap_or(0);
                        let mut cycle: Vec<Module> =
                            stack[from..].iter().map(|(m, _)| (*m).clone()).collect();
                        cycle.push(next.clone());
                        return Some(cycle);
                    }
                    _ => {}
                },
                None => {
                    colour.insert(node, 2);
                    stack.pop();
                }
            }
        }
    }
    None
}

fn name(m: &Module) -> String {
    m.join("/")
}

fn simulate_graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mut all = BTreeMap::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/simulate"),
        &mut all,
    );
    let exists = |m: &[String]| all.contains_key(m);
    all.iter()
        .map(|(m, p)| {
            let Ok(src) = std::fs::read_to_string(p) else {
                panic!("cannot read {}", p.display());
            };
            let is_mod = p.file_name().is_some_and(|f| f == "mod.rs");
            (m.clone(), deps_of(m, is_mod, &src, &exists))
        })
        .collect()
}

fn module(s: &str) -> Module {
    s.split('/').map(String::from).collect()
}

#[test]
fn simulate_files_import_each_other_without_a_cycle() {
    let graph = simulate_graph();
    assert!(graph.len() > 20, "found only {} files", graph.len());
    // the parser sees the known layering: the engine reads the runner, the runner does not
    // read the engine
    let engine = &graph[&module("simulate/engine")];
    assert!(engine.contains(&module("simulate/runner")), "{engine:?}");
    assert!(!graph[&module("simulate/runner")].contains(&module("simulate/engine")));
    if let Some(cycle) = find_cycle(&graph) {
        let names: Vec<String> = cycle.iter().map(name).collect();
        panic!("module cycle in src/simulate: {}", names.join(" -> "));
    }
}

#[test]
fn the_parser_resolves_groups_super_and_facade_children() {
    let known: BTreeSet<Module> = [
        "simulate",
        "simulate/a",
        "simulate/b",
        "simulate/c",
        "simulate/d",
        "simulate/batch",
        "simulate/batch/plan",
    ]
    .iter()
    .map(|s| module(s))
    .collect();
    let exists = |m: &[String]| known.contains(m);
    let src = "use super::{b::Thing, c};\n// use super::d::Commented;\nfn f() { crate::simulate::d::g(); }\n#[cfg(test)]\nmod tests { use super::*; }\n";
    let got = deps_of(&module("simulate/a"), false, src, &exists);
    let want: BTreeSet<Module> = ["simulate/b", "simulate/c", "simulate/d"]
        .iter()
        .map(|s| module(s))
        .collect();
    assert_eq!(got, want);
    // an item of the parent's `mod.rs` is an edge to it; `super::super` climbs
    let got = deps_of(
        &module("simulate/batch/plan"),
        false,
        "use super::Workspace;\nuse super::super::a::X;\n",
        &exists,
    );
    let want: BTreeSet<Module> = ["simulate/batch", "simulate/a"]
        .iter()
        .map(|s| module(s))
        .collect();
    assert_eq!(got, want);
    // a facade's child paths
    let got = deps_of(
        &module("simulate/batch"),
        true,
        "mod plan;\nfn f() { plan::make(); }\n",
        &exists,
    );
    assert_eq!(got, [module("simulate/batch/plan")].into_iter().collect());
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<Module, BTreeSet<Module>>, a: &str, b: &str| {
        g.entry(module(a)).or_default().insert(module(b));
        g.entry(module(b)).or_default();
    };
    edge(&mut g, "s/engine", "s/runner");
    edge(&mut g, "s/runner", "s/sampler");
    assert_eq!(find_cycle(&g), None);
    edge(&mut g, "s/sampler", "s/engine");
    let Some(cycle) = find_cycle(&g) else {
        panic!("the cycle engine -> runner -> sampler -> engine is not found");
    };
    let names: Vec<String> = cycle.iter().map(name).collect();
    assert_eq!(names.first(), names.last());
    assert_eq!(names.len(), 4, "{names:?}");
    for m in ["s/engine", "s/runner", "s/sampler"] {
        assert!(names.iter().any(|n| n == m), "{names:?}");
    }
}
