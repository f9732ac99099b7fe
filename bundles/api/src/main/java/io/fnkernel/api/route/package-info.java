/**
 * Route patterns and the one precedence rule of fnkernel: {@link io.fnkernel.api.route.RouteTable}
 * orders and matches routes, and reports conflicts, for the gateway, discovery and OpenAPI alike.
 */
@Export
@Version("1.0.0")
package io.fnkernel.api.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
