package dev.llmreplay.internal.refresh;

import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.HeaderMap;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: fixtures built in memory and written the way the interceptor writes them. */
final class TestFixtures {
  private TestFixtures() {}

  static RecordedRequest chatRequest(String url, String prompt) {
    return request(
        url,
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + prompt
            + "\"}]}");
  }

  static RecordedRequest request(String url, String json) {
    try {
      Body body = Body.json(Json.parse(json));
      String model = body.json().path("model").asText(null);
      String path = url.replaceFirst("^https?://[^/]+", "");
      return RecordedRequest.builder()
          .method("POST")
          .url(url)
          .headers(
              HeaderMap.of(
                  Map.of(
                      "Authorization",
                      List.of("[REDACTED]"),
                      "User-Agent",
                      List.of("okhttp/4.12.0"))))
          .body(body)
          .endpoint(path)
          .model(model)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RecordedResponse json(String body, String... headerPairs) {
    try {
      return RecordedResponse.builder()
          .headers(headers("content-type", "application/json", headerPairs))
          .body(Body.json(Json.parse(body)))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A streamed response: data payloads, the i-th event stamped {@code tMs0 + 10 * i}. */
  static RecordedResponse sse(long tMs0, List<String> data, String... headerPairs) {
    List<StreamEvent> events = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      events.add(StreamEvent.builder().data(data.get(i)).tMs(tMs0 + 10L * i).build());
    }
    return RecordedResponse.builder()
        .headers(headers("content-type", "text/event-stream", headerPairs))
        .streamFormat(StreamFormat.SSE)
        .events(events)
        .build();
  }

  private static HeaderMap headers(String name, String value, String... pairs) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put(name, List.of(value));
    for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], List.of(pairs[i + 1]));
    return HeaderMap.of(map);
  }

  static Fixture fixture(RecordedRequest request, RecordedResponse response, String recordedAt) {
    return new Fixture(
        request,
        List.of(response),
        new Provenance(Instant.parse(recordedAt), "api.openai.com", "0.1.0"));
  }

  static Path write(Path file, Fixture fixture) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, FixtureCodec.write(fixture));
    return file;
  }
}
