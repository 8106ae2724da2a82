/**
 * JUnit 5 support: {@link dev.llmreplay.junit.LlmReplay @LlmReplay} on a test class, or {@link
 * dev.llmreplay.junit.LlmReplayExtension} registered in code, gives each test a client, an
 * interceptor or a loopback server over its own fixture directory, and {@link
 * dev.llmreplay.junit.Recordings} tells what the test's calls did. JUnit is a provided dependency:
 * this package needs it only when it is used.
 */
package dev.llmreplay.junit;
