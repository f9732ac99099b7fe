/**
 * Data transfer objects describing the live platform: functions, versions, routes, failures and
 * conflicts, as published by {@link io.fnkernel.api.PlatformRuntime}. Fields are public and plain,
 * so they serialise to JSON without adapters.
 */
@Export
@Version("1.0.0")
package io.fnkernel.api.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
