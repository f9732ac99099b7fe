package io.fnkernel.http.internal.routing;

import io.fnkernel.api.PlatformEndpoint;

/**
 * One path of a registered {@link PlatformEndpoint} service.
 *
 * @param service the endpoint
 * @param path the exact path, or the prefix without its {@code /*}
 * @param prefix true when registered as {@code path/*}
 * @param admin true when behind the admin guard
 * @param serviceId its service id
 */
public record Endpoint(PlatformEndpoint service, String path, boolean prefix, boolean admin, long serviceId) {

    /**
     * @param requestPath a decoded request path
     * @return true when this endpoint serves it
     */
    public boolean matches(String requestPath) {
        if (!prefix) {
            return requestPath.equals(path);
        }
        return requestPath.startsWith(path)
                && (requestPath.length() == path.length() || requestPath.charAt(path.length()) == '/');
    }

    /**
     * @param requestPath a path this endpoint {@link #matches(String) matches}
     * @return the part after the prefix and its {@code /}, empty for the prefix itself or an exact path
     */
    public String rest(String requestPath) {
        if (!prefix || requestPath.length() <= path.length() + 1) {
            return "";
        }
        return requestPath.substring(path.length() + 1);
    }
}
