/**
 * {@link dev.llmreplay.server.ReplayServer}: a loopback HTTP server that answers from recordings,
 * for clients that take a base URL but no OkHttp interceptor (other languages, curl, SDKs with
 * their own transport).
 */
package dev.llmreplay.server;
