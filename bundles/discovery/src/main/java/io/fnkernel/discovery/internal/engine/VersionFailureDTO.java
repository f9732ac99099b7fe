package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.FailureDTO;

/** A failure of one revision of a function version; serialised with its {@code revision}. */
public class VersionFailureDTO extends FailureDTO {
    /** The revision that failed; the version may still serve an older one. */
    public String revision;
}
