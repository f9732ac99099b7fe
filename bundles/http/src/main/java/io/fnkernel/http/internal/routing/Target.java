package io.fnkernel.http.internal.routing;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.route.Route;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One registered {@link FunctionVersion} service as the router sees it: its identity, parsed
 * routes, policy, concurrency limiter, warm flag and thread hold. Immutable but for the counters
 * of those three; identity equality, so two services never count as the same route target.
 */
public final class Target {

    private final long serviceId;
    private final FunctionVersion version;
    private final FunctionRef ref;
    private final String label;
    private final String runtime;
    private final String revision;
    private final String entry;
    private final List<Route> routes;
    private final FunctionPolicy policy;
    private final Limiter limiter;
    private final AtomicBoolean warm;
    private final String allow;
    private final ThreadHold hold;

    Target(long serviceId, FunctionVersion version, FunctionRef ref, String runtime, String revision, String entry,
           List<Route> routes, FunctionPolicy policy, Limiter limiter, AtomicBoolean warm, ThreadHold hold) {
        this.serviceId = serviceId;
        this.version = version;
        this.ref = ref;
        this.label = ref.toString();
        this.runtime = runtime;
        this.revision = revision;
        this.entry = entry;
        this.routes = List.copyOf(routes);
        this.policy = policy;
        this.limiter = limiter;
        this.warm = warm;
        this.allow = allowHeader(policy.methods());
        this.hold = hold;
    }

    /**
     * Formats an {@code Allow} header: the methods, {@code HEAD} after {@code GET}, then {@code OPTIONS}.
     *
     * @param methods the function methods in canonical order
     * @return for example {@code GET, HEAD, POST, OPTIONS}
     */
    public static String allowHeader(List<String> methods) {
        StringBuilder b = new StringBuilder();
        for (String m : methods) {
            b.append(m).append(", ");
            if (m.equals("GET")) {
                b.append("HEAD, ");
            }
        }
        return b.append("OPTIONS").toString();
    }

    /** @return the service id; a later registration has a larger one */
    public long serviceId() {
        return serviceId;
    }

    /** @return the service */
    public FunctionVersion version() {
        return version;
    }

    /** @return name and version */
    public FunctionRef ref() {
        return ref;
    }

    /** @return {@code name@version}, for logs */
    public String label() {
        return label;
    }

    /** @return the runtime id */
    public String runtime() {
        return runtime;
    }

    /** @return the content hash */
    public String revision() {
        return revision;
    }

    /** @return the handler file, for messages */
    public String entry() {
        return entry;
    }

    /** @return the routes that parsed */
    public List<Route> routes() {
        return routes;
    }

    /** @return the policy */
    public FunctionPolicy policy() {
        return policy;
    }

    /** @return the concurrency limiter, or null when {@code max_concurrency} is 0 (unlimited) */
    public Limiter limiter() {
        return limiter;
    }

    /** @return true once this version produced a response below 500 (FastFN's warm state) */
    public boolean isWarm() {
        return warm.get();
    }

    /** @return true for the one call that turns this version warm */
    public boolean markWarm() {
        return !warm.get() && warm.compareAndSet(false, true);
    }

    AtomicBoolean warmFlag() {
        return warm;
    }

    /** @return how long this service's calls hold the thread that invokes them; a new revision starts afresh */
    public ThreadHold hold() {
        return hold;
    }

    /** @return the {@code Allow} header for the {@code /name@version} path */
    public String allow() {
        return allow;
    }

    @Override
    public String toString() {
        return label + " (service " + serviceId + ")";
    }
}
