package dev.llmreplay.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Replays the seed with plain OkHttp and the interceptor; run by {@link CoreWithoutSdksTest} inside
 * a class loader where no SDK exists. Takes the recordings directory, returns the loader that
 * defined the interceptor, the number of streamed chunks and their joined text.
 */
public final class CoreOnlyProbe implements Function<String, List<String>> {
  @Override
  public List<String> apply(String recordings) {
    try {
      Path dir = Path.of(recordings);
      JsonNode seed;
      try (var files = Files.list(dir)) {
        seed = Json.parse(Files.readAllBytes(files.findFirst().orElseThrow()));
      }
      ObjectNode body = seed.at("/request/body").deepCopy();
      body.remove("extra_body");
      OkHttpClient client =
          new OkHttpClient.Builder()
              .addInterceptor(
                  RecordReplayInterceptor.builder().recordings(dir).mode(Mode.REPLAY).build())
              .build();
      Request request =
          new Request.Builder()
              .url("http://127.0.0.1:9/v1/completions")
              .post(RequestBody.create(Json.compact(body), MediaType.get("application/json")))
              .build();
      StringBuilder text = new StringBuilder();
      int chunks = 0;
      try (Response r = client.newCall(request).execute()) {
        for (String line : r.body().string().split("\n")) {
          if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
          text.append(Json.parse(line.substring(6)).at("/choices/0/text").asText());
          chunks++;
        }
      }
      return List.of(
          RecordReplayInterceptor.class.getClassLoader().getName(),
          String.valueOf(chunks),
          text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
