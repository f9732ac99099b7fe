package io.fnkernel.api;

import org.osgi.annotation.versioning.ProviderType;

import java.net.URI;

/**
 * The HTTP gateway, registered as a service by the HTTP bundle once it listens and unregistered
 * before it stops. The kernel waits on it to report readiness.
 *
 * <p>Service property {@link #PROP_URI} ({@code String}): the base URI clients reach it at.
 */
@ProviderType
public interface Gateway {

    /** Service property, {@code String}: the base URI, {@code http://127.0.0.1:8080}. */
    String PROP_URI = "fn.gateway.uri";

    /** @return the base URI clients reach the gateway at, with the actual port */
    URI uri();
}
