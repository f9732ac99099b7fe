package io.fnkernel.itests;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/** Waits for services to appear, with a deadline, instead of sleeping. */
public final class Services {

    /** How long a service may take to appear. */
    public static final long TIMEOUT_MS = 30_000;

    private final BundleContext ctx;

    public Services(BundleContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Waits for a service.
     *
     * @param type the service interface
     * @param filter an extra LDAP filter, or null
     * @param <T> the type
     * @return the service
     * @throws AssertionError when none appears in time
     */
    public <T> T await(Class<T> type, String filter) throws InterruptedException {
        String f = "(objectClass=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        ServiceTracker<T, T> t;
        try {
            t = new ServiceTracker<>(ctx, ctx.createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        t.open();
        try {
            T s = t.waitForService(TIMEOUT_MS);
            if (s == null) {
                throw new AssertionError("no service " + f + " within " + TIMEOUT_MS + " ms");
            }
            return s;
        } finally {
            t.close();
        }
    }
}
