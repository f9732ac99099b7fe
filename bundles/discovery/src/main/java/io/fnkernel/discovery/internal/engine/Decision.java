package io.fnkernel.discovery.internal.engine;

/**
 * What one slot needs next, given the available runtimes.
 *
 * @param action the step
 * @param runtime the runtime to load with, for {@link Action#LOAD}
 */
record Decision(Action action, RuntimeHandle runtime) {

    /** A step of the engine. */
    enum Action {
        /** Nothing to do. */
        NONE,
        /** Load the wanted source (new, changed, or onto a preferred runtime). */
        LOAD,
        /** Unregister and close the live version: its source is gone. */
        REMOVE,
        /** Forget the slot: nothing wanted, nothing live. */
        DROP,
        /** No runtime can load the wanted source. */
        NO_RUNTIME
    }

    private static final Decision NONE = new Decision(Action.NONE, null);

    static Decision of(Slot s, Runtimes runtimes) {
        if (s.desired == null) {
            return new Decision(s.live == null ? Action.DROP : Action.REMOVE, null);
        }
        RuntimeHandle best = runtimes.best(s.desired.runtime());
        if (best == null) {
            return new Decision(Action.NO_RUNTIME, null);
        }
        if (s.live != null && s.live.runtime().serviceId() == best.serviceId() && s.live.source().equals(s.desired)) {
            return NONE;
        }
        Slot.Failure f = s.failure;
        if (f != null && !s.retry && f.revision().equals(s.desired.revision()) && f.runtimeServiceId() == best.serviceId()) {
            return NONE;
        }
        return new Decision(Action.LOAD, best);
    }
}
