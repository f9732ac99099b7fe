package io.fnkernel.api.dto;

import org.osgi.dto.DTO;

import java.util.List;

/** One function and its versions. */
public class FunctionDTO extends DTO {
    /** Function name, {@code hello}. */
    public String name;
    /** True when the default version exists (served at {@code /name}). */
    public boolean hasDefault;
    /** Its versions, the default first, then by label. */
    public List<VersionDTO> versions;
}
