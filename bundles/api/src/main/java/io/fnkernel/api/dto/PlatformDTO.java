package io.fnkernel.api.dto;

import org.osgi.dto.DTO;

import java.util.List;

/** The whole published state of the platform at one moment. */
public class PlatformDTO extends DTO {
    /** The change counter this snapshot was taken at. */
    public long changeCount;
    /** When this snapshot was taken, epoch milliseconds. */
    public long generatedAt;
    /** Absolute path of the functions folder. */
    public String functionsRoot;
    /** False when the functions folder is missing; the last routes keep serving. */
    public boolean functionsRootPresent;
    /** Runtimes available now. */
    public List<RuntimeDTO> runtimes;
    /** Functions with at least one version known, live or failed, by name. */
    public List<FunctionDTO> functions;
    /** Everything that failed and is not fixed yet. */
    public List<FailureDTO> failures;
    /** Routes claimed by more than one function; each answers 409 until resolved. */
    public List<ConflictDTO> conflicts;
    /** Things worth fixing that stop nothing from loading (unknown config keys, ignored files); kinds as in {@link FailureDTO}. */
    public List<FailureDTO> warnings;
}
