package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.FunctionRef;

/**
 * Identifies one function version on disk: its name and version plus its entry file, so that two
 * entry files claiming the same name (a conflict) are kept apart.
 *
 * @param ref the name and version
 * @param entry the entry file, relative to the functions folder, with {@code /}
 */
record SourceKey(FunctionRef ref, String entry) {

    @Override
    public String toString() {
        return ref + " (" + entry + ")";
    }
}
