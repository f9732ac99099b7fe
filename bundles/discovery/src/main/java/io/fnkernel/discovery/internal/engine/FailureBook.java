package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.FailureDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers when each failure and warning was first seen, so it keeps its {@code since} across
 * rescans and is logged once, when it appears, not on every rescan.
 */
final class FailureBook {

    private static final Logger LOG = LoggerFactory.getLogger("io.fnkernel.discovery");

    private Map<String, Long> failures = new HashMap<>();
    private Map<String, Long> warnings = new HashMap<>();

    /** Stamps {@code since} on each failure, logging those not seen before; forgets those gone. */
    void failures(List<FailureDTO> list, long now) {
        failures = stamp(list, failures, now, true);
    }

    /** Stamps {@code since} on each warning, logging those not seen before; forgets those gone. */
    void warnings(List<FailureDTO> list, long now) {
        warnings = stamp(list, warnings, now, false);
    }

    private static Map<String, Long> stamp(List<FailureDTO> list, Map<String, Long> seen, long now, boolean error) {
        Map<String, Long> next = new HashMap<>();
        for (FailureDTO f : list) {
            String id = f.kind + "|" + f.name + "|" + f.version + "|" + f.file + "|" + f.line + "|" + f.column + "|"
                    + f.message + "|" + (f.revision == null ? "" : f.revision);
            Long since = seen.get(id);
            if (since == null) {
                since = now;
                if (error) {
                    LOG.warn("{} failure: {}", f.kind, describe(f));
                } else {
                    LOG.warn("warning: {}", describe(f));
                }
            }
            f.since = since;
            next.put(id, since);
        }
        return next;
    }

    /** @return {@code name@version: file:line:column: message}, leaving out what is unknown */
    static String describe(FailureDTO f) {
        StringBuilder b = new StringBuilder();
        if (f.name != null) {
            b.append(f.name).append('@').append(f.version);
            if (f.revision != null) {
                b.append(" rev ").append(f.revision);
            }
            b.append(": ");
        }
        if (f.file != null) {
            b.append(f.file);
            if (f.line > 0) {
                b.append(':').append(f.line);
                if (f.column > 0) {
                    b.append(':').append(f.column);
                }
            }
            b.append(": ");
        }
        return b.append(f.message).toString();
    }
}
