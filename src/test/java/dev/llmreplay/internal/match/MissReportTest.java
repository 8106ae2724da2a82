package dev.llmreplay.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-file tests of the miss message. To rewrite the files after an intended change, run with
 * {@code -Dllmreplay.updateGolden=true} and review the diff in git.
 */
class MissReportTest {
  private static final String KEY =
      "3f9a1c2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";
  private static final String CHAT = "/v1/chat/completions";
  private static final String DIR = "/abs/path/recordings";

  private static JsonNode json(String text) {
    try {
      return Json.parse(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recorded POST whose key starts with {@code shortHex}, labelled with its file path. */
  private static Candidate recorded(String endpoint, JsonNode body, String shortHex) {
    String hex = shortHex + "0".repeat(64 - shortHex.length());
    return Candidate.of("POST", endpoint, body, hex, "recordings/" + shortHex + ".json");
  }

  private static MissReport.Builder miss(JsonNode body, Candidate... candidates) {
    return MissReport.builder()
        .method("POST")
        .path(CHAT)
        .keyHex(KEY)
        .recordingsDir(DIR)
        .fixtureCount(candidates.length)
        .nearest(NearestFixture.find("POST", CHAT, body, List.of(candidates)));
  }

  private static void assertGolden(String name, MissReport report) throws IOException {
    String actual = report.text() + "\n";
    if (Boolean.getBoolean("llmreplay.updateGolden")) {
      Path file = Paths.get("src/test/resources/dev/llmreplay/match", name);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    String expected;
    try (InputStream in = MissReportTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      // A checkout with CRLF line ends must not fail the comparison.
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void nearMissOnAChangedField() throws IOException {
    JsonNode body =
        json(
            "{'model':'gpt-4o-mini','messages':[{'role':'system','content':'Summarize.'},"
                + "{'role':'user','content':'Hello!'}],'temperature':0.7,'max_tokens':64}");
    MissReport report =
        miss(
                body,
                recorded(
                    CHAT,
                    json(
                        "{'model':'gpt-4o-mini','messages':["
                            + "{'role':'system','content':'Summarize.'},"
                            + "{'role':'user','content':'Hello'}],"
                            + "'temperature':0.7,'max_tokens':64}"),
                    "abc123abc123"),
                recorded(CHAT, json("{'model':'gpt-4o','messages':[]}"), "0ff1ce000000"))
            .testName("SummarizerTest.summarizes()")
            .build();

    assertGolden("near-miss-changed-field.txt", report);
  }

  @Test
  void nearMissWithAnAddedAndARemovedField() throws IOException {
    JsonNode body =
        json(
            "{'model':'gpt-4o-mini','messages':[{'role':'user','content':'Hi'}],"
                + "'stream':true,'user':'alice'}");
    MissReport report =
        miss(
                body,
                recorded(
                    CHAT,
                    json(
                        "{'model':'gpt-4o-mini','messages':[{'role':'user','content':'Hi'}],"
                            + "'stream':true,'stream_options':{'include_usage':true}}"),
                    "5e1f00dd5e1f"))
            .build();

    assertGolden("near-miss-added-and-removed.txt", report);
  }

  @Test
  void nearMissOnALongPromptDifferingInOneWord() throws IOException {
    String prompt =
        "You are a meticulous assistant. Read the article below and write a summary of at most"
            + " three sentences for a busy engineer. The article: the quick brown fox jumps over"
            + " the lazy dog while the farmer watches from the porch, wondering why foxes jump at"
            + " all."
            + " Keep the tone neutral and do not add facts that are not in the article.";
    ObjectNode recordedBody = Json.mapper().createObjectNode().put("model", "llama3.2:3b");
    recordedBody.putArray("messages").addObject().put("role", "user").put("content", prompt);
    ObjectNode body = recordedBody.deepCopy();
    String changed = prompt.replace("brown fox", "brown cat");
    ((ObjectNode) body.get("messages").get(0)).put("content", changed);
    MissReport report = miss(body, recorded(CHAT, recordedBody, "1a2b3c4d5e6f")).build();

    assertGolden("near-miss-long-prompt.txt", report);
  }

  @Test
  void differentEndpointOnly() throws IOException {
    JsonNode body = json("{'model':'llama3.2:3b','messages':[{'role':'user','content':'Hi'}]}");
    MissReport report =
        miss(
                body,
                recorded("/api/chat", body, "77aa77aa77aa"),
                recorded(
                    "/api/generate", json("{'model':'llama3.2:3b','prompt':'Hi'}"), "88bb88bb88bb"))
            .path("/openai/v1/chat/completions")
            .endpoint(CHAT)
            .build();

    assertGolden("different-endpoint.txt", report);
  }

  @Test
  void differentEndpointAndBody() throws IOException {
    JsonNode body = json("{'model':'llama3.2:3b','messages':[{'role':'user','content':'Hi'}]}");
    MissReport report =
        miss(
                body,
                recorded(
                    "/v1/completions",
                    json("{'model':'llama3.2:3b','prompt':'Hi'}"),
                    "99cc99cc99cc"))
            .build();

    assertGolden("different-endpoint-and-body.txt", report);
  }

  @Test
  void noFixturesAtAll() throws IOException {
    MissReport report = miss(json("{'model':'gpt-4o'}")).testName("ChatTest.answers()").build();

    assertGolden("no-fixtures.txt", report);
  }

  @Test
  void noFixtureForTheMethod() throws IOException {
    MissReport report =
        MissReport.builder()
            .method("post")
            .path(CHAT)
            .keyHex(KEY)
            .recordingsDir(DIR)
            .fixtureCount(12)
            .nearest(
                NearestFixture.find(
                    "POST",
                    CHAT,
                    json("{}"),
                    List.of(Candidate.of("GET", "/v1/models", null, KEY, "recordings/x.json"))))
            .howToRecord("To record it, restart the server with --mode record-missing.")
            .build();

    assertGolden("no-fixture-for-method.txt", report);
  }

  @Test
  void unreadableFixturesAreListed() throws IOException {
    JsonNode body = json("{'model':'gpt-4o','temperature':0.2}");
    MissReport report =
        miss(body, recorded(CHAT, json("{'model':'gpt-4o','temperature':0.7}"), "abcdefabcdef"))
            .addUnreadable(
                UnreadableFixture.of(
                    "recordings/3f9a1c2b4d5e.json",
                    14,
                    3,
                    "Unexpected character ('<' (code 60)): expected a valid value"))
            .addUnreadable(
                UnreadableFixture.of("recordings/0badf00d0bad.json", 0, 0, "file is empty"))
            .build();

    assertGolden("unreadable-fixtures.txt", report);
  }

  @Test
  void otherUnreadableFixturesAreListed() throws IOException {
    MissReport report =
        miss(json("{'model':'gpt-4o'}"))
            .fixtureCount(0)
            .addUnreadable(
                UnreadableFixture.of(
                    "recordings/0badf00d0bad.json", 1, 1, "No content to map due to end-of-input"))
            .build();

    assertGolden("unreadable-fixture-no-candidates.txt", report);
  }

  @Test
  void sameBodyUnderAnotherKey() throws IOException {
    JsonNode body = json("{'model':'gpt-4o','temperature':0.7}");
    MissReport report =
        miss(body, recorded(CHAT, json("{'model':'gpt-4o','temperature':0.70}"), "fedcbafedcba"))
            .howToRecord(null)
            .build();

    assertGolden("same-body-other-key.txt", report);
  }

  @Test
  void recordingsDirectoryPathIsShownAbsolute() {
    MissReport report =
        MissReport.builder()
            .method("GET")
            .path("/api/tags")
            .keyHex("abc")
            .recordingsDir(Paths.get("recordings", "..", "recordings"))
            .howToRecord("")
            .build();

    assertThat(report.text())
        .isEqualTo(
            String.join(
                "\n",
                "No recorded response for GET /api/tags",
                "  key         abc",
                "  recordings  " + Paths.get("recordings").toAbsolutePath(),
                "",
                "No GET request is recorded there."));
  }

  @Test
  void unreadableFixtureFromAJacksonError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("3f9a1c2b4d5e.json");
    JacksonException error = null;
    try {
      Json.parse("{\n  \"request\": {\n    \"method\": <<<<<<< HEAD\n}");
    } catch (JacksonException e) {
      error = e;
    }

    UnreadableFixture unreadable = UnreadableFixture.of(file, error);

    assertThat(unreadable.file()).isEqualTo(file.toString());
    assertThat(unreadable.line()).isEqualTo(3);
    assertThat(unreadable.column()).isEqualTo(15);
    assertThat(unreadable.message()).startsWith("Unexpected character ('<' (code 60))");
    assertThat(unreadable.toString()).startsWith(file + ":3:15: Unexpected character");
    assertThat(UnreadableFixture.of(file, new IOException("Permission denied\nreally")))
        .hasToString(file + ": Permission denied really");
  }
}
