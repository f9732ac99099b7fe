/** OpenAPI document and Swagger UI built from the live {@code FunctionVersion} services; private to the bundle. */
package io.fnkernel.openapi.internal;
