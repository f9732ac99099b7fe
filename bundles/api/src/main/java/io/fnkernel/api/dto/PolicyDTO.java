package io.fnkernel.api.dto;

import org.osgi.dto.DTO;

import java.util.List;
import java.util.Map;

/** A version's effective policy, as in {@code fn.config.json}. */
public class PolicyDTO extends DTO {
    /** {@code timeout_ms}. */
    public int timeoutMs;
    /** {@code max_concurrency}; 0 = unlimited. */
    public int maxConcurrency;
    /** {@code max_queue}. */
    public int maxQueue;
    /** {@code max_body_bytes}. */
    public long maxBodyBytes;
    /** {@code invoke.methods}. */
    public List<String> methods;
    /** {@code invoke.handler}. */
    public String handler;
    /** {@code invoke.summary}, or null. */
    public String summary;
    /** {@code invoke.query} examples. */
    public Map<String, String> queryExample;
    /** {@code invoke.body} example, or null. */
    public String bodyExample;
    /** {@code invoke.content_type}, or null. */
    public String contentType;
}
