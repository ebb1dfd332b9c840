//! A function that both handles a route and authorizes its SAM-native API: the event names
//! the API and the API's `Auth` names the function, which is no cycle once translated (the
//! translator moves the event into the method, route and permission it generates), so it is
//! none in the SAM template either. Both API kinds, through the real tools.

mod support;

use cdk_core::{App, Stack};
use constructs::apigateway::{
    Authorization, Authorizer, HttpMethod, Integration, MethodOptions, RestApi,
};
use constructs::apigatewayv2::{
    HttpApi, HttpAuthorization, HttpAuthorizer, HttpIntegration, RouteKey, RouteOptions,
};
use support::inline_python as function;

#[test]
fn a_function_that_authorizes_its_own_route_synthesizes_and_passes_the_real_tools() {
    let out = std::env::temp_dir().join(format!("self-authorizing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = App::with_out_dir(&out);

    let rest = Stack::new(&app, "SelfRest");
    let both = function(&rest, "Both").build();
    let token = Authorizer::token(&rest, "Tok", &both)
        .authorizer_name("Tok")
        .build();
    let api = RestApi::new(&rest, "Api").sam_native(true).build();
    api.root().add_resource("items").add_method_with(
        HttpMethod::Get,
        Integration::lambda(&both),
        MethodOptions::new().authorization(Authorization::custom(&token)),
    );

    let http = Stack::new(&app, "SelfHttp");
    let both = function(&http, "Both").build();
    let by_key = HttpAuthorizer::lambda("ByKey", &both)
        .identity_source(["$request.header.X-Key"])
        .build();
    let api = HttpApi::new(&http, "Api").sam_native(true).build();
    api.add_route_with(
        RouteKey::new(HttpMethod::Get, "/items"),
        HttpIntegration::lambda(&both),
        RouteOptions::new().authorization(HttpAuthorization::authorizer(&by_key)),
    );

    app.write()
        .expect("no cycle: the translated template has none");
    support::assert_real_tools_accept(&out, "SelfRest", 1);
    support::assert_real_tools_accept(&out, "SelfHttp", 1);
    let _ = std::fs::remove_dir_all(&out);
}
