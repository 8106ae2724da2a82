/**
 * Record and replay LLM API calls made through OkHttp: {@link
 * dev.llmreplay.RecordReplayInterceptor} (built with its {@code Builder}), its {@link
 * dev.llmreplay.Mode} and {@link dev.llmreplay.Pacing}, how requests are keyed ({@link
 * dev.llmreplay.KeyRules}, {@link dev.llmreplay.RequestKey}), what is kept out of fixtures ({@link
 * dev.llmreplay.Redactor}, {@link dev.llmreplay.SecretScanner}), and what a caller may catch or
 * listen to.
 *
 * <p>This package, {@code dev.llmreplay.junit}, {@code dev.llmreplay.server} and {@code
 * dev.llmreplay.adapters} are the public API; everything under {@code dev.llmreplay.internal} may
 * change in any release.
 */
package dev.llmreplay;
