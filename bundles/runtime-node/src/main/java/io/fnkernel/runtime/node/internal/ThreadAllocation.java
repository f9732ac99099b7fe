package io.fnkernel.runtime.node.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;

/**
 * Bytes a thread has allocated so far, from HotSpot's {@code com.sun.management.ThreadMXBean},
 * reached through its public interface so the bundle needs no import of {@code com.sun.management}.
 */
final class ThreadAllocation {

    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final Method allocated = find(bean);

    private static Method find(ThreadMXBean bean) {
        for (Class<?> c = bean.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals("com.sun.management.ThreadMXBean")) {
                    try {
                        Method m = i.getMethod("getThreadAllocatedBytes", long.class);
                        Method enabled = i.getMethod("isThreadAllocatedMemoryEnabled");
                        return Boolean.TRUE.equals(enabled.invoke(bean)) ? m : null;
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** @return true when this JVM reports per-thread allocation */
    boolean supported() {
        return allocated != null;
    }

    /**
     * @param thread a live thread
     * @return the bytes it allocated since it started, or -1 when unknown
     */
    @SuppressWarnings("deprecation")
    long bytes(Thread thread) {
        if (allocated == null || thread == null) {
            return -1;
        }
        try {
            return (Long) allocated.invoke(bean, thread.getId());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
