package io.fnkernel.kernel;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle activator that always fails to start, packed into a test bundle. */
public final class FailingActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("no database at db.example:5432");
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
