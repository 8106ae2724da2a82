package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.testing.Seed;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --faults} and {@code --record-failures}. */
class ServeFaultsCommandTest {
  @TempDir Path dir;

  @Test
  void serveInjectsTheFaultsGiven() throws IOException {
    Seed.copyInto(dir);
    AtomicReference<String> body = new AtomicReference<>();
    AtomicBoolean recordsFailures = new AtomicBoolean();
    Main main =
        new Main(
            false,
            InputStream.nullInputStream(),
            server -> {
              recordsFailures.set(server.interceptor().recordsFailures());
              Request request =
                  new Request.Builder()
                      .url(server.baseUrl() + "/v1/completions")
                      .post(RequestBody.create(Seed.BODY, MediaType.get("application/json")))
                      .build();
              try (Response r = new OkHttpClient().newCall(request).execute()) {
                body.set(r.body().string());
              }
            });
    Cli r =
        Cli.run(
            main,
            "serve",
            dir.toString(),
            "--port",
            "0",
            "--faults",
            "eof-after=4",
            "--record-failures");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.out)
        .contains(", faults eof-after=4)")
        .contains("HIT 200 FAULT eof-after=4 (call 1)");
    assertThat(Sse.dataLines(body.get())).hasSize(4).doesNotContain("[DONE]");
    assertThat(recordsFailures.get()).isTrue();
  }

  @Test
  void anInvalidSpecIsAUsageErrorNamingTheColumn() {
    Cli r = Cli.run("serve", dir.toString(), "--port", "0", "--faults", "cut-after=5@frist=1");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .contains("--faults: invalid fault spec \"cut-after=5@frist=1\" at column 13")
        .contains("unknown scope \"@frist\"");
  }
}
