package io.fnkernel.discovery.internal.engine;

import io.fnkernel.api.dto.FailureDTO;
import io.fnkernel.api.dto.PlatformDTO;

import java.util.List;

/**
 * The published state plus the scan's warnings (unknown config keys, ignored files), which the API's
 * {@link PlatformDTO} has no field for yet; serialised as JSON they appear as {@code warnings}.
 */
public class SnapshotDTO extends PlatformDTO {
    /** Things worth fixing that do not stop anything from loading; kinds as in {@link FailureDTO}. */
    public List<FailureDTO> warnings;
}
