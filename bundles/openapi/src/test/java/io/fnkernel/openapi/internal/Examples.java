package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionSource;
import io.fnkernel.openapi.testing.FakeFunctions;

import java.util.List;
import java.util.Map;

/** A varied set of functions covering every feature of the document, for tests that check it as a whole. */
final class Examples {

    private Examples() {
    }

    static List<FunctionSource> all(FakeFunctions fns) {
        return List.of(
                fns.simple("hello"),
                fns.source("hello", "v2", "handler.js", "// Says hello, version 2\nexports.handler = () => ({});\n",
                        p -> p.methods(List.of("GET", "POST")).queryExample(Map.of("name", "World"))),
                fns.source("python-hello", "default", "handler.py", "# @summary Greets from Python\ndef handler(e):\n  return {}\n",
                        p -> p, "GET /python-hello", "GET /python-hello/*"),
                fns.source("users", "default", "[id].js", "exports.handler = () => ({});", p -> p.methods(List.of("GET", "PUT", "DELETE"))
                        .bodyExample("{\"name\":\"Ada\"}"), "GET /users/:id", "PUT /users/:id", "DELETE /users/:id"),
                fns.source("api/orders", "default", "handler.js", "x", p -> p.methods(List.of("GET", "POST", "PATCH"))
                        .summary("Orders").queryExample(Map.of("limit", "10", "page", "1")).bodyExample("qty=2")
                        .contentType("application/x-www-form-urlencoded"),
                        "GET /api/orders", "POST /api/orders", "PATCH /api/orders/:orderId/items/:item"),
                fns.source("api/orders", "v2", "handler.js", "x", p -> p.methods(List.of("GET", "POST"))),
                fns.source("blog", "default", "handler.js", "x", p -> p, "GET /blog/:slug*"),
                fns.source("files", "default", "handler.js", "x", p -> p, "GET /files/*"),
                fns.source("clash-a", "default", "handler.js", "x", p -> p, "GET /clash/:x"),
                fns.source("clash-b", "default", "handler.js", "x", p -> p, "GET /clash/:y"),
                fns.source("root", "default", "handler.js", "x", p -> p, "GET /"),
                fns.source("tree", "default", "handler.js", "x", p -> p, "GET /tree/:node"),
                fns.source("tree-rest", "default", "handler.js", "x", p -> p.methods(List.of("GET", "POST")), "GET /tree/:node*", "POST /tree/:node*"));
    }
}
