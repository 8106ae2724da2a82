package dev.llmreplay.bench;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The seed's 50-chunk stream ({@code recordings/seed-legacy-completion-stream.json}) as every
 * benchmark asks for it: the request a client sends, and the bytes that come back.
 */
final class Seed {
  /** The project's own recordings directory, holding the seed. */
  static final Path RECORDINGS = Path.of("recordings").toAbsolutePath();

  static final Path FILE = RECORDINGS.resolve("seed-legacy-completion-stream.json");

  /** What the seed was recorded from: a legacy completions call. */
  static final String PATH = "/v1/completions";

  /** The prompt as it stands in the seed file (the generators vary it). */
  static final String PROMPT =
      "Respond to this question and explain your answer. Complete the sentence using one word:"
          + " Roses are red, violets are ";

  static final MediaType JSON = MediaType.get("application/json");
  static final MediaType SSE = MediaType.get("text/event-stream");

  private Seed() {}

  /** The wire body of the seed's request, with the prompt given. */
  static String body(String prompt) {
    return "{\"model\":\"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\",\"prompt\":"
        + jsonString(prompt)
        + ",\"max_tokens\":50,\"stream\":true}";
  }

  /** The seed's request to {@code baseUrl} (an interceptor never connects: any URL will do). */
  static Request request(String baseUrl) {
    return request(baseUrl, PROMPT);
  }

  static Request request(String baseUrl, String prompt) {
    return new Request.Builder()
        .url(baseUrl + PATH)
        .post(RequestBody.create(body(prompt), JSON))
        .build();
  }

  /** A base URL nothing listens on: calls through an interceptor in REPLAY never leave it. */
  static final String NOWHERE = "http://127.0.0.1:9";

  /** Calls and reads the whole body, as a client reading a stream to its end does. */
  static byte[] call(OkHttpClient client, Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      if (r.code() != 200) {
        throw new IOException(request.url() + " answered " + r.code() + ": " + r.body().string());
      }
      return r.body().bytes();
    }
  }

  /** The response body llm-replay produces for the seed: what every contender serves. */
  static byte[] wireBytes() throws IOException {
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder().recordings(RECORDINGS).mode(Mode.REPLAY).build();
    return call(new OkHttpClient.Builder().addInterceptor(interceptor).build(), request(NOWHERE));
  }

  /** The seed file's text. */
  static String fileText() throws IOException {
    return Files.readString(FILE);
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
