/**
 * llm-replay: records the HTTP traffic of LLM API calls into JSON fixtures and replays it offline.
 *
 * <p>The four exported packages are the whole public API; {@code dev.llmreplay.internal.*} stays
 * inside the module. On the classpath (the usual way, and the runnable {@code -all} jar) this
 * descriptor is ignored and the same rule holds by convention.
 */
module dev.llmreplay {
  exports dev.llmreplay;
  exports dev.llmreplay.junit;
  exports dev.llmreplay.server;
  exports dev.llmreplay.adapters;

  // In API signatures (Interceptor, OkHttpClient; JsonNode in RequestKey and KeyRules): users
  // get them.
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  requires okio;
  requires io.github.javadiffutils;
  // ReplayServer is built on the JDK's HTTP server.
  requires jdk.httpserver;

  // Optional: each is needed only by the part that uses it, and a user of that part has it.
  requires static info.picocli; // the command line
  requires static transitive org.junit.jupiter.api; // dev.llmreplay.junit
  requires static com.anthropic.core; // adapters.AnthropicOkHttpAdapter
  // LangChain4j's jars name no module: these are the names derived from their file names.
  requires static langchain4j.core; // adapters.LangChain4jOkHttpClient
  requires static langchain4j.http.client;

  // picocli sets the @Option and @Parameters fields of the commands by reflection.
  opens dev.llmreplay.internal.cli to
      info.picocli;
}
