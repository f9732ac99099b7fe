package io.fnkernel.openapi.internal;

import io.fnkernel.api.KernelProperties;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The OpenAPI bundle's settings, read from framework properties.
 *
 * @param publicBaseUrl {@link KernelProperties#PUBLIC_BASE_URL} without trailing {@code /}, or null to use the request's origin
 * @param includeInternal {@link KernelProperties#OPENAPI_INCLUDE_INTERNAL}: document the {@code /_fn/*} routes too
 */
public record OpenApiConfig(String publicBaseUrl, boolean includeInternal) {

    /** The defaults: servers from the request's origin, no internal routes. */
    public static final OpenApiConfig DEFAULTS = new OpenApiConfig(null, false);

    /**
     * Reads the settings.
     *
     * @param properties looks up a framework property, null when unset
     * @return the settings
     * @throws IllegalArgumentException naming the property whose value is not usable
     */
    public static OpenApiConfig from(Function<String, String> properties) {
        return new OpenApiConfig(baseUrl(properties.apply(KernelProperties.PUBLIC_BASE_URL)),
                bool(KernelProperties.OPENAPI_INCLUDE_INTERNAL, properties.apply(KernelProperties.OPENAPI_INCLUDE_INTERNAL)));
    }

    private static String baseUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException(KernelProperties.PUBLIC_BASE_URL
                        + " must be an absolute http(s) URL without query or fragment, got '" + raw + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(KernelProperties.PUBLIC_BASE_URL + " is not a valid URL: '" + raw + "' ("
                    + e.getReason() + ")", e);
        }
        return url;
    }

    private static boolean bool(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + raw + "'");
        };
    }
}
