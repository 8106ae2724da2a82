package dev.llmreplay.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.SecretFinding;
import dev.llmreplay.SecretScanner;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretScannerTest {
  // Canaries are split with '+' so that no secret scanner (ours, GitHub's, gitleaks) ever sees a
  // key-shaped literal in this source file. None of them is a real credential.
  static final String OPENAI = "sk-" + "Zq8wPlmN" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0";
  static final String OPENAI_PROJECT =
      "sk-proj-" + "Zx9_Yw8-Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa" + "QwErTy12";
  static final String OPENAI_SERVICE = "sk-svcacct-" + "Mn0PqRs1TuVw2XyZa3BcDe4FgHi5JkLm6NoP";
  static final String ANTHROPIC =
      "sk-ant-api03-" + "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0" + "-XcVbNmAA";
  static final String GOOGLE = "AIza" + "SyD4f6G8h0J2k4L6z8X0c2V4b6N8m0Q2w4E";
  static final String BEARER_TOKEN = "tok_" + "9f8e7d6c5b4a3f2e1d0c";
  static final String GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
  static final String GITHUB_PAT = "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
  static final String AWS = "AKIA" + "Z7Q2X9W4V8R3T6Y1";
  static final String HUGGING_FACE = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh";
  static final String SLACK = "xoxb-" + "1234567890-0987654321-AbCdEfGhIjKlMnOp";
  static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9"
          + "."
          + "eyJzdWIiOiIxMjM0NTY3ODkwIn0"
          + "."
          + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

  private final SecretScanner scanner = SecretScanner.defaults();

  private static Scanner engine(SecretScanner scanner) {
    return Access.bridge().scanner(scanner);
  }

  /** A finding as printed: pointer, kind, masked secret and place are all in it. */
  private static String finding(String pointer, String kind, String secret, boolean inKey) {
    return kind
        + (inKey ? " in an object key at " : " at ")
        + pointer
        + ": "
        + Scanner.mask(secret);
  }

  static Stream<Arguments> canaries() {
    return Stream.of(
        Arguments.of("OpenAI API key", OPENAI, OPENAI, "sk-Zq8…51"),
        Arguments.of("OpenAI API key", OPENAI_PROJECT, OPENAI_PROJECT, "sk-pro…54"),
        Arguments.of("OpenAI API key", OPENAI_SERVICE, OPENAI_SERVICE, "sk-svc…47"),
        Arguments.of("Anthropic API key", ANTHROPIC, ANTHROPIC, "sk-ant…62"),
        Arguments.of("Google API key", GOOGLE, GOOGLE, "AIzaSy…39"),
        Arguments.of("Bearer token", "Bearer " + BEARER_TOKEN, BEARER_TOKEN, "tok_9f…24"),
        Arguments.of("GitHub token", GITHUB, GITHUB, "ghp_a1…40"),
        Arguments.of("GitHub token", GITHUB_PAT, GITHUB_PAT, "github…57"),
        Arguments.of("AWS access key id", AWS, AWS, "AKIAZ7…20"),
        Arguments.of("Hugging Face token", HUGGING_FACE, HUGGING_FACE, "hf_AbC…37"),
        Arguments.of("Slack token", SLACK, SLACK, "xoxb-1…43"),
        Arguments.of("JSON Web Token", JWT, JWT, "eyJhbG…92"));
  }

  /** A fixture-shaped tree with {@code text} in a URL, a message, an array, an SSE event, a key. */
  private static JsonNode fixtureWith(String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode request = root.putObject("request");
    request.put("method", "POST");
    request.put("url", "https://api.example.com/v1/chat/completions?key=" + text + "&alt=sse");
    request.putObject("headers").putArray("Content-Type").add("application/json");
    ObjectNode body = request.putObject("body");
    body.put("model", "gpt-4o-mini");
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "My credential is " + text + ", keep it safe.");
    body.putArray("stop").add("\n\n").add(text);
    ObjectNode response = root.putObject("response");
    response.put("status", 200);
    var events = response.putArray("events");
    for (int i = 0; i < 3; i++) {
      events.addObject().put("t_ms", i).putObject("data").put("id", "chatcmpl-" + i);
    }
    ObjectNode event = events.addObject();
    event.put("event", "message");
    event.putObject("data").putArray("choices").addObject().put("index", 0).put("text", text);
    event.put("t_ms", 42);
    response.putObject("body").putObject("metadata").put(text, "value");
    return root;
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("canaries")
  void findsEachKindAtTheRightPointer(String kind, String text, String secret, String masked) {
    List<SecretFinding> findings = engine(scanner).scan(fixtureWith(text));

    assertThat(findings)
        .extracting(SecretFinding::toString)
        .containsExactly(
            finding("/request/url", kind, secret, false),
            finding("/request/body/messages/0/content", kind, secret, false),
            finding("/request/body/stop/1", kind, secret, false),
            finding("/response/events/3/data/choices/0/text", kind, secret, false),
            finding("/response/body/metadata", kind, secret, true));
    assertThat(findings).extracting(SecretFinding::masked).containsOnly(masked);
    assertThat(findings.get(0).toString()).isEqualTo(kind + " at /request/url: " + masked);
    assertThat(findings.get(4).toString())
        .isEqualTo(kind + " in an object key at /response/body/metadata: " + masked);
    for (SecretFinding finding : findings) {
      assertThat(finding.toString()).doesNotContain(secret);
      assertThat(finding.pointer()).doesNotContain(secret);
    }
  }

  static Stream<Arguments> shortestForms() {
    return Stream.of(
        Arguments.of("Anthropic API key", "sk-ant-" + "a1234567890123456789"),
        Arguments.of("OpenAI API key", "sk-" + "a1234567890123456789"),
        Arguments.of("Google API key", "AIza" + "12345678901234567890123456789012345"),
        Arguments.of("GitHub token", "ghs_" + "123456789012345678901234567890123456"),
        Arguments.of("GitHub token", "github_pat_" + "1234567890123456789012"),
        Arguments.of("AWS access key id", "ASIA" + "1234567890123456"),
        Arguments.of("Hugging Face token", "hf_" + "abcdefghijklmnopqrstuvwxyzabcd"),
        Arguments.of("Slack token", "xoxp-" + "1234567890"),
        Arguments.of("JSON Web Token", "eyJ" + "12345678" + ".eyJ" + "12345678" + "."),
        Arguments.of("Bearer token", "bearer " + "123456789012345a"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("shortestForms")
  void shortestFormOfEachKindIsFoundAndOneCharLessIsNot(String kind, String text) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("a", text);
    root.put("b", text.substring(0, text.length() - 1));

    assertThat(engine(scanner).scan(root))
        .extracting(SecretFinding::pointer, SecretFinding::kind)
        .containsExactly(tuple("/a", kind));
  }

  @Test
  void maskShowsAtMostAThirdAndTheLength() {
    assertThat(Scanner.mask(OPENAI_PROJECT)).isEqualTo("sk-pro…54");
    assertThat(Scanner.mask("abcdefghi")).isEqualTo("abc…9");
    assertThat(Scanner.mask("ab")).isEqualTo("…2");
  }

  @Test
  void severalSecretsInOneStringAreReportedInTextOrder() {
    List<SecretFinding> findings =
        engine(scanner)
            .scanString(
                "/raw", "aws=" + AWS + " openai=" + OPENAI + " auth: Bearer " + OPENAI_PROJECT);

    // "Bearer sk-proj-…" is reported once, as the more specific kind.
    assertThat(findings)
        .extracting(SecretFinding::toString)
        .containsExactly(
            "AWS access key id at /raw: AKIAZ7…20",
            "OpenAI API key at /raw: sk-Zq8…51",
            "OpenAI API key at /raw: sk-pro…54");
  }

  @Test
  void keysWithSlashOrTildeAreEscapedInPointers() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.putObject("h").put("a/b~c", GOOGLE);

    assertThat(engine(scanner).scan(root))
        .extracting(SecretFinding::toString)
        .containsExactly(finding("/h/a~1b~0c", "Google API key", GOOGLE, false));
  }

  @Test
  void redactedAuthorizationIsClean() throws IOException {
    JsonNode fixture =
        Json.parse(
            "{\"request\":{\"url\":\"https://x/v1?key=REDACTED\",\"headers\":{"
                + "\"Authorization\":[\"[REDACTED]\"],\"X\":\"Bearer [REDACTED]\"}}}");

    assertThat(engine(scanner).scan(fixture)).isEmpty();
  }

  @Test
  void ordinaryModelOutputIsNotASecret() throws IOException {
    String content =
        "Here is a task-based plan from the task-force: use scikit-learn (often written sk-learn,"
            + " as in sk-learn-compatible-estimator-interfaces) on a disk-backed store; keep"
            + " risk-adjusted returns in mind (Asia and ASIAN markets too). My AIzawesome idea:"
            + " don't be the Bearer of bad news, and no bearer authentication-schemes-explained"
            + " either. The BEARER YOUR_OPENAI_API_KEY_HERE placeholder and Bearer $OPENAI_API_KEY"
            + " are fine, as are sk-..., sk-YOUR-KEY, hf_hub_download, ghp_ tokens, xoxo-gossip,"
            + " eyJ alone, AKIA alone, and my desk-sk-1234567890abcdefghijklmnop serial.";
    String response =
        "{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion\","
            + "\"created\":1741570283,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":"
            + quoted(content)
            + ","
            + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":46,\"total_tokens\":1163,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}},"
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_fc9f1d7035\"}";

    assertThat(engine(scanner).scan(Json.parse(response))).isEmpty();
  }

  @Test
  void realRecordingsHaveNoFindings() throws IOException {
    Path dir = sharedDir().resolve("conformance/llama-stack-2025-08");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    files.add(sharedDir().resolve("seeds/000_690cb578917db9ae.txt"));
    List<String> findings = new ArrayList<>();
    for (Path file : files) {
      for (SecretFinding finding : engine(scanner).scan(Json.parse(Files.readAllBytes(file)))) {
        findings.add(file.getFileName() + ": " + finding);
      }
    }

    assertThat(files).hasSizeGreaterThan(100);
    assertThat(findings).isEmpty();
  }

  private static Path sharedDir() {
    String shared = System.getProperty("llmreplay.shared");
    return Paths.get(shared != null ? shared : "src/test/shared");
  }

  private static String quoted(String text) {
    return Json.compact(JsonNodeFactory.instance.textNode(text));
  }

  @Test
  void allowedPointerPrefixesAreSkippedByWholeSegments() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode request = root.putObject("request");
    request.putObject("headers").put("x-key", GOOGLE);
    request.put("headersX", GOOGLE);
    root.putArray("events").add(OPENAI).add(SLACK);
    SecretScanner allowing =
        SecretScanner.builder().allow("/request/headers").allow("/events/1").build();

    assertThat(engine(allowing).scan(root))
        .extracting(SecretFinding::toString)
        .containsExactly(
            finding("/request/headersX", "Google API key", GOOGLE, false),
            finding("/events/0", "OpenAI API key", OPENAI, false));
    assertThat(engine(allowing).scanString("/request/headers/a", GOOGLE)).isEmpty();
    assertThat(engine(allowing).scanString("/request/headersX", GOOGLE))
        .extracting(SecretFinding::toString)
        .containsExactly(finding("/request/headersX", "Google API key", GOOGLE, false));
    assertThat(engine(SecretScanner.builder().allow("").build()).scan(root)).isEmpty();
    assertThat(engine(scanner).scan(root)).hasSize(4);
  }

  @Test
  void allowedValuesAreNotReported() {
    String fake = "sk-test-" + "0000000000000000000000000000";
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("a", fake);
    root.put("b", "Authorization: Bearer " + fake);
    root.put("c", "Bearer " + BEARER_TOKEN);
    root.put("d", OPENAI);
    SecretScanner allowing =
        SecretScanner.builder().allowValue(fake).allowValue("Bearer " + BEARER_TOKEN).build();

    assertThat(engine(allowing).scan(root))
        .extracting(SecretFinding::toString)
        .containsExactly(finding("/d", "OpenAI API key", OPENAI, false));
    assertThat(engine(allowing.newBuilder().build()).scan(root)).hasSize(1);
    assertThat(engine(scanner).scan(root))
        .extracting(SecretFinding::pointer)
        .containsExactly("/a", "/b", "/c", "/d");
  }

  @Test
  void addedPatternsFindTheirKind() throws IOException {
    SecretScanner custom =
        SecretScanner.builder()
            .addPattern("Acme key", Pattern.compile("acme_(?<secret>[a-z0-9]{12})"), "acme_")
            .addPattern("Internal id", Pattern.compile("\\bINT-[0-9]{9}\\b"))
            .build();
    // The parser interns keys: the same String instance is scanned twice.
    JsonNode root =
        Json.parse(
            "{\"x\":\"use acme_abcdef123456 or INT-123456789\","
                + "\"y\":{\"INT-987654321\":1},\"z\":{\"INT-987654321\":2}}");

    assertThat(engine(custom).scan(root))
        .extracting(SecretFinding::toString)
        .containsExactly(
            "Acme key at /x: abcd…12",
            "Internal id at /x: INT-…13",
            "Internal id in an object key at /y: INT-…13",
            "Internal id in an object key at /z: INT-…13");
    assertThat(engine(scanner).scan(root)).isEmpty();
  }

  @Test
  void invalidBuilderArgumentsAreRejected() {
    SecretScanner.Builder b = SecretScanner.builder();
    assertThatThrownBy(() -> b.allow("request"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON pointer must be empty or start with '/': \"request\"");
    assertThatThrownBy(() -> b.allowValue(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allowed value must not be empty");
    assertThatThrownBy(() -> b.addPattern("k", Pattern.compile("x"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trigger must not be empty");
    assertThatThrownBy(() -> engine(scanner).scanString("raw", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON pointer must be empty or start with '/': \"raw\"");
  }
}
