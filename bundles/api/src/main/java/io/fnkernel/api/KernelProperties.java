package io.fnkernel.api;

/**
 * Names of the framework properties through which the kernel hands its command-line options to the
 * bundles ({@code BundleContext.getProperty}). Each constant documents its type and default.
 */
public final class KernelProperties {

    /** Absolute path of the functions folder. Default: {@code ./functions}. */
    public static final String FUNCTIONS_DIR = "fnk.functions.dir";
    /** Address the gateway binds. Default: {@code 127.0.0.1}. */
    public static final String HTTP_HOST = "fnk.http.host";
    /** Port the gateway binds, integer; 0 picks a free port. Default: {@code 8080}. */
    public static final String HTTP_PORT = "fnk.http.port";
    /** {@link #MODE_DEV} or {@link #MODE_RUN}. Default: {@code run}. */
    public static final String MODE = "fnk.mode";
    /** Value of {@link #MODE} for {@code fnk dev}: hot reload and friendly output. */
    public static final String MODE_DEV = "dev";
    /** Value of {@link #MODE} for {@code fnk run}. */
    public static final String MODE_RUN = "run";
    /** Token that opens the admin API to non-loopback callers ({@code X-Fn-Admin-Token}); from {@code FNK_ADMIN_TOKEN}. Default: none. */
    public static final String ADMIN_TOKEN = "fnk.admin.token";
    /** Public base URL for OpenAPI {@code servers[0].url}. Default: the request's origin. */
    public static final String PUBLIC_BASE_URL = "fnk.public.base.url";
    /** {@code true} to include {@code /_fn/*} in OpenAPI. Default: {@code false}. */
    public static final String OPENAPI_INCLUDE_INTERNAL = "fnk.openapi.include.internal";
    /** Absolute path of the distribution's home folder (holds {@code conf/}, {@code deploy/}). */
    public static final String HOME = "fnk.home";
    /** Milliseconds the gateway waits for in-flight requests on shutdown, integer. Default: {@code 10000}. */
    public static final String DRAIN_MS = "fnk.drain.ms";

    private KernelProperties() {
    }
}
