/**
 * Transports for SDKs that take no OkHttp interceptor, so that {@link
 * dev.llmreplay.RecordReplayInterceptor} records and replays their calls without a server.
 *
 * <ul>
 *   <li>{@link dev.llmreplay.adapters.AnthropicOkHttpAdapter}: the Anthropic Java SDK's {@code
 *       com.anthropic.core.http.HttpClient} over an {@code okhttp3.OkHttpClient}.
 *   <li>{@link dev.llmreplay.adapters.LangChain4jOkHttpClient}: LangChain4j's {@code
 *       HttpClientBuilder}/{@code HttpClient} over an {@code okhttp3.OkHttpClient}.
 * </ul>
 *
 * <p>The SDKs are optional dependencies of llm-replay: each class here needs its SDK on the
 * classpath only when it is used, and nothing else in the library refers to this package.
 */
package dev.llmreplay.adapters;
