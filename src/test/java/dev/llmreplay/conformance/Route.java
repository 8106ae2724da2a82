package dev.llmreplay.conformance;

/** How an SDK reaches the recordings. */
enum Route {
  /** An OkHttp interceptor in the SDK's own client, or one of llm-replay's adapters. */
  INTERCEPTOR,
  /** The SDK's base URL pointed at a {@link dev.llmreplay.server.ReplayServer}. */
  REPLAY_SERVER
}
