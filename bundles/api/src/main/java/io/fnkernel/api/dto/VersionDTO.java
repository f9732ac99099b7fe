package io.fnkernel.api.dto;

import org.osgi.dto.DTO;

import java.util.List;

/** One version of a function. */
public class VersionDTO extends DTO {
    /** State: the version serves calls. */
    public static final String STATE_ACTIVE = "active";
    /** State: the version never loaded; see the failures. */
    public static final String STATE_FAILED = "failed";
    /** State: waiting for its runtime or for its first load. */
    public static final String STATE_PENDING = "pending";

    /** Function name. */
    public String name;
    /** Version label, {@code default} for the default. */
    public String version;
    /** Runtime id. */
    public String runtime;
    /** Handler file, relative to the functions folder. */
    public String entry;
    /** Content hash of the live revision, or of the failed one when none is live. */
    public String revision;
    /** One of {@link #STATE_ACTIVE}, {@link #STATE_FAILED}, {@link #STATE_PENDING}. */
    public String state;
    /** Routes, {@code GET /users/:id}; the {@code /name@version} path is implied. */
    public List<String> routes;
    /** The effective policy. */
    public PolicyDTO policy;
    /** Names of its environment variables (values are never published). */
    public List<String> envKeys;
    /** When the live revision was loaded, epoch milliseconds, or 0. */
    public long loadedAt;
}
