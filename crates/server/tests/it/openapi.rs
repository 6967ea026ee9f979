//! The API contract is a snapshot: a change to it is a visible diff in review.

use std::collections::BTreeSet;

use reachin_server::routes;

use crate::support::TestApp;

#[tokio::test]
async fn the_openapi_document_is_stable() {
    let app = TestApp::new().await;
    let doc = app.get("/api/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn every_api_route_is_documented_and_every_documented_path_exists() {
    let app = TestApp::new().await;
    let doc = app.get("/api/openapi.json").await.json();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .collect();
    let (_, specs) = routes::table();
    let served: BTreeSet<(String, String)> = specs
        .iter()
        .filter(|s| s.path.starts_with("/api/v1/"))
        .map(|s| (s.method.as_str().to_owned(), s.path.to_owned()))
        .collect();
    assert_eq!(documented, served);
}
