//! GraphQL schema benchmark (prints figures; not a test): reading the real 1.11.2
//! introspection answer (209 KB) into an indexed schema, then completion and validation per
//! keystroke on a ~200-line query made of the schema's real fields.
//!
//! Run: `cargo bench -p ayon-explorer-core --bench graphql_schema`
//! Targets: parse + index ≤ 50 ms, completion ≤ 2 ms, validation ≤ 5 ms (per keystroke).

use std::path::Path;
use std::time::{Duration, Instant};

use ayon_explorer_core::graphql_schema::{Schema, complete, validate};

/// One aliased block per project: folders, products with their versions, tasks.
fn block(i: usize) -> String {
    format!(
        r#"  p{i}: project(name: $projectName) {{
    name
    code
    active
    library
    folders(first: $first, after: $after, hasChildren: true) {{
      pageInfo {{ hasNextPage endCursor }}
      edges {{
        cursor
        node {{
          id
          name
          label
          folderType
          path
          parentId
          status
          tags
          childCount
        }}
      }}
    }}
    products(first: $first, productTypes: ["render", "model"]) {{
      edges {{
        node {{
          id
          name
          productType
          folderId
          versions(first: 5, latestOnly: false) {{
            edges {{ node {{ id version author status createdAt }} }}
          }}
        }}
      }}
    }}
    tasks(first: $first, hasLinks: ANY) {{
      edges {{ node {{ id name taskType assignees status folderId }} }}
    }}
  }}
"#
    )
}

fn big_query() -> String {
    let mut q =
        String::from("query Big($projectName: String!, $first: Int = 100, $after: String) {\n");
    for i in 0..5 {
        q.push_str(&block(i));
    }
    q.push_str("}\n");
    q
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/ayon-1.11.2/graphql-introspection.json");
    let Ok(json) = std::fs::read(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };

    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            let schema = Schema::from_introspection(&json).expect("the fixture parses");
            std::hint::black_box(&schema);
            start.elapsed()
        })
        .collect();
    let schema = Schema::from_introspection(&json).expect("the fixture parses");
    println!(
        "parse + index {} KB, {} types: median of 20 {} (target ≤ 50 ms)",
        json.len() / 1024,
        schema.type_count(),
        ms(median(&mut times))
    );

    let query = big_query();
    let problems = validate(&schema, &query);
    assert!(
        problems.is_empty(),
        "the benchmark query is valid: {problems:?}"
    );
    println!(
        "query: {} lines, {} bytes",
        query.lines().count(),
        query.len()
    );

    // 200 cursor positions spread over the query, as when typing anywhere in it.
    let positions: Vec<usize> = (1..=200).map(|i| i * query.len() / 200).collect();
    let mut times = Vec::with_capacity(positions.len());
    let mut offered = 0;
    for &pos in &positions {
        let start = Instant::now();
        let c = complete(&schema, &query, pos);
        times.push(start.elapsed());
        offered += c.items.len();
    }
    let worst = times.iter().max().copied().unwrap_or_default();
    println!(
        "completion at 200 positions: median {}, worst {} ({offered} items offered in all; target ≤ 2 ms)",
        ms(median(&mut times)),
        ms(worst)
    );

    // Typing the last selection char by char (before the closing braces): completion and
    // validation of each intermediate text.
    let typed = " createdAt updatedAt path";
    let insert_at =
        query.rfind("status folderId").expect("last selection") + "status folderId".len();
    let mut complete_times = Vec::new();
    let mut validate_times = Vec::new();
    for n in 1..=typed.len() {
        let text = format!(
            "{}{}{}",
            &query[..insert_at],
            &typed[..n],
            &query[insert_at..]
        );
        let cursor = insert_at + n;
        let start = Instant::now();
        std::hint::black_box(complete(&schema, &text, cursor));
        complete_times.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(validate(&schema, &text));
        validate_times.push(start.elapsed());
    }
    let worst = complete_times.iter().max().copied().unwrap_or_default();
    println!(
        "completion typing the last selection ({} keys): median {}, worst {}",
        typed.len(),
        ms(median(&mut complete_times)),
        ms(worst)
    );

    // Validation with one character typed at each of the 200 positions (some keystrokes
    // break the syntax, most make an unknown name).
    for &pos in &positions {
        let text = format!("{}x{}", &query[..pos], &query[pos..]);
        let start = Instant::now();
        std::hint::black_box(validate(&schema, &text));
        validate_times.push(start.elapsed());
    }
    let worst = validate_times.iter().max().copied().unwrap_or_default();
    println!(
        "validation per keystroke ({} texts): median {}, worst {} (target ≤ 5 ms)",
        validate_times.len(),
        ms(median(&mut validate_times)),
        ms(worst)
    );
}
