package io.fnkernel.api.dto;

import org.osgi.dto.DTO;

import java.util.List;

/** A route claimed by more than one function; it answers 409 until one claim goes away. */
public class ConflictDTO extends DTO {
    /** The route, {@code GET /conflict}; or {@code /name@version} when two files are the same version of one function. */
    public String route;
    /** The files claiming it, relative to the functions folder. */
    public List<String> sources;
}
