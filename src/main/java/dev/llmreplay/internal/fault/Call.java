package dev.llmreplay.internal.fault;

/**
 * One call as fault scopes see it.
 *
 * @param path the URL path the client called
 * @param endpoint the endpoint as keyed (e.g. {@code /v1/chat/completions})
 * @param keyHex the request key, 64 hex characters
 * @param number 1 for the first call of this key on this interceptor, then 2, 3...
 */
public record Call(String path, String endpoint, String keyHex, int number) {}
