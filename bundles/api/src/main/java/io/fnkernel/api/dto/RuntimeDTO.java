package io.fnkernel.api.dto;

import org.osgi.dto.DTO;

import java.util.List;

/** One available language runtime. */
public class RuntimeDTO extends DTO {
    /** Runtime id, {@code node}. */
    public String id;
    /** Handler file extensions it loads, {@code .js}. */
    public List<String> extensions;
    /** Engine description, or null. */
    public String description;
}
