package dev.llmreplay.internal.key;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {

  @ParameterizedTest(name = "{0} ? {1} -> {2}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "/v1/chat/completions, NULL, /v1/chat/completions",
        "/openai/v1/chat/completions, NULL, /v1/chat/completions",
        "/v1/v1/chat/completions, NULL, /v1/chat/completions",
        "/v1/v1/completions, '', /v1/completions",
        "/openai/v1, NULL, /v1",
        "/v1, NULL, /v1",
        "/v1/, NULL, /v1/",
        "/api/generate, NULL, /api/generate",
        "/xv1/models, NULL, /xv1/models",
        "/prefix/v10/models, NULL, /prefix/v10/models",
        "/v1/models, limit=2&order=asc, /v1/models?limit=2&order=asc",
        "/api/tags, a=%20b, /api/tags?a=%20b",
        "NULL, NULL, /",
        "'', x=1, /?x=1",
      })
  void endpointOf(String path, String query, String expected) {
    assertThat(Endpoints.endpointOf(path, query)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://api.together.xyz/v1/v1/completions, /v1/completions",
    "http://localhost:11434/api/generate, /api/generate",
    "http://user:pw@host:8080/openai/v1/chat/completions?api-version=2024-06-01#frag,"
        + " /v1/chat/completions?api-version=2024-06-01",
    "https://host, /",
    "https://host?x=1, /?x=1",
    "/v1/embeddings, /v1/embeddings",
    "/v1/embeddings?x=1, /v1/embeddings?x=1",
    "/weird/path?x=http://a/v1/b, /weird/path?x=http://a/v1/b",
  })
  void endpointOfUrl(String url, String expected) {
    assertThat(Endpoints.endpointOfUrl(url)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> path {1}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "https://api.together.xyz/v1/v1/completions, /v1/v1/completions, NULL",
        "http://localhost:11434/api/generate?a=1&b=2, /api/generate, a=1&b=2",
        "https://host, '', NULL",
        "https://host/p?#f, /p, ''",
        "/bare/path?q, /bare/path, q",
      })
  void pathAndQueryOfUrlAreRaw(String url, String path, String query) {
    assertThat(Endpoints.pathOfUrl(url)).isEqualTo(path);
    assertThat(Endpoints.queryOfUrl(url)).isEqualTo(query);
  }
}
