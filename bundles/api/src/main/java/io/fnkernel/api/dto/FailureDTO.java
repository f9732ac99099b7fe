package io.fnkernel.api.dto;

import org.osgi.dto.DTO;

/** Something that failed, where, and why; kept until fixed. */
public class FailureDTO extends DTO {
    /** Kind: the runtime could not load the code (syntax error, missing handler). */
    public static final String KIND_LOAD = "load";
    /** Kind: {@code fn.config.json} or {@code fn.env.json} is invalid. */
    public static final String KIND_CONFIG = "config";
    /** Kind: no runtime is available for the handler's extension. */
    public static final String KIND_NO_RUNTIME = "no-runtime";
    /** Kind: installing dependencies failed. */
    public static final String KIND_DEPENDENCIES = "dependencies";
    /** Kind: a route is claimed twice; see the conflicts. */
    public static final String KIND_CONFLICT = "conflict";
    /** Kind: the functions folder itself is missing or unreadable. */
    public static final String KIND_SCAN = "scan";

    /** One of the {@code KIND_*} constants. */
    public String kind;
    /** Function name, or null when the failure is not about one function. */
    public String name;
    /** Version label, or null. */
    public String version;
    /** The file at fault, relative to the functions folder when inside it, or null. */
    public String file;
    /** 1-based line, or 0. */
    public int line;
    /** 1-based column, or 0. */
    public int column;
    /** What is wrong, for whoever can fix it. */
    public String message;
    /** The revision that failed, or null; an older revision of the version may still be serving. */
    public String revision;
    /** When it was first seen, epoch milliseconds. */
    public long since;
}
