package io.fnkernel.kernel;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle activator that appends its bundle's symbolic name to a system property when stopped, packed into test bundles. */
public final class RecordingActivator implements BundleActivator {

    /** The system property the stops are recorded in, comma after each. */
    public static final String STOPS = "fnk.test.stops";

    @Override
    public void start(BundleContext context) {
        // nothing to start
    }

    @Override
    public void stop(BundleContext context) {
        synchronized (System.class) {
            System.setProperty(STOPS, System.getProperty(STOPS, "") + context.getBundle().getSymbolicName() + ",");
        }
    }
}
