package dev.llmreplay.internal.cli;

import dev.llmreplay.KeyRules;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds fixture files for the command tests. */
final class Fixtures {
  static final Instant RECORDED = Instant.parse("2025-01-02T03:04:05Z");

  private Fixtures() {}

  static RecordedRequest chat(String userText) throws IOException {
    return RecordedRequest.builder()
        .method("POST")
        .url("https://api.openai.com/v1/chat/completions")
        .body(
            Body.json(
                Json.parse(
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + Json.compact(
                            com.fasterxml.jackson.databind.node.TextNode.valueOf(userText))
                        + "}],\"stream\":true}")))
        .build();
  }

  static RecordedResponse sse(String... data) {
    List<StreamEvent> events = new ArrayList<>();
    for (String d : data) events.add(StreamEvent.data(d));
    return RecordedResponse.builder().streamFormat(StreamFormat.SSE).events(events).build();
  }

  static RecordedResponse chatStream(String text, boolean done) {
    String chunk =
        "{\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
            + Json.compact(com.fasterxml.jackson.databind.node.TextNode.valueOf(text))
            + "},\"finish_reason\":\"stop\"}]}";
    return done ? sse(chunk, "[DONE]") : sse(chunk);
  }

  static Fixture fixture(RecordedRequest request, RecordedResponse response) {
    return new Fixture(
        request, List.of(response), new Provenance(RECORDED, "api.openai.com", "test"));
  }

  static RequestKey key(Fixture f) {
    // Keyed as the CLI and the interceptor key by default (the redactor's query parameters too).
    KeyRules rules = ReplaySettings.defaults().effectiveKeyRules();
    return f.request().keyUnder(Access.bridge().keys(rules));
  }

  /** Writes the fixture under its key's name and returns the file. */
  static Path write(Path dir, Fixture f) throws IOException {
    return write(dir, key(f).shortHex() + ".json", f);
  }

  static Path write(Path dir, String name, Fixture f) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, FixtureCodec.write(f));
    return file;
  }

  static Path writeText(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }
}
