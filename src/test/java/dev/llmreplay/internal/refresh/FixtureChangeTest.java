package dev.llmreplay.internal.refresh;

import static dev.llmreplay.internal.refresh.TestFixtures.chatRequest;
import static dev.llmreplay.internal.refresh.TestFixtures.fixture;
import static dev.llmreplay.internal.refresh.TestFixtures.json;
import static dev.llmreplay.internal.refresh.TestFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.RecordedResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each {@link Aspect} is detected on its own, and every changed aspect reaches the Markdown. */
class FixtureChangeTest {
  private static final String URL = "https://api.openai.com/v1/chat/completions";

  private static String chat(String content, String finish, int completionTokens) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"finish_reason\":\""
        + finish
        + "\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
        + completionTokens
        + ",\"total_tokens\":"
        + (5 + completionTokens)
        + "}}";
  }

  private static final String BASE = chat("Paris", "stop", 1);

  private static Fixture of(RecordedResponse... responses) {
    Fixture one = fixture(chatRequest(URL, "capital?"), responses[0], "2026-01-01T00:00:00Z");
    return new Fixture(one.request(), List.of(responses), one.provenance());
  }

  private static FixtureChange change(RecordedResponse before, RecordedResponse after) {
    return FixtureChange.between("f.json", of(before), of(after));
  }

  @Test
  void volatileDifferencesChangeNothing() {
    FixtureChange c =
        change(
            json(BASE, "x-request-id", "a"),
            json(BASE.replace("chatcmpl-1", "chatcmpl-2"), "x-request-id", "b"));
    assertThat(c.isChanged()).isFalse();
    assertThat(c.changedAspects()).isEmpty();
  }

  @Test
  void eachNamedAspectIsDetectedAlone() {
    RecordedResponse base = json(BASE);
    Map<Aspect, RecordedResponse> after =
        Map.of(
            Aspect.STATUS, base.newBuilder().status(503).build(),
            Aspect.TEXT, json(chat("Lyon", "stop", 1)),
            Aspect.FINISH_REASON, json(chat("Paris", "length", 1)),
            Aspect.USAGE, json(chat("Paris", "stop", 2)),
            Aspect.FIELDS, json(BASE.replace("\"object\"", "\"service_tier\":\"x\",\"object\"")),
            Aspect.HEADERS, json(BASE, "openai-organization", "12"),
            Aspect.OTHER_VALUES, json(BASE.replace("chat.completion", "chat.other")));
    after.forEach(
        (aspect, response) -> {
          FixtureChange c = change(base, response);
          assertThat(c.changedAspects()).as(aspect.name()).containsExactly(aspect);
          assertThat(c.changed(aspect)).isTrue();
        });
  }

  @Test
  void streamsAndResponseCountsAreAspectsToo() {
    RecordedResponse stream =
        sse(0, List.of("{\"choices\":[{\"delta\":{\"content\":\"Pa\"}}]}", "[DONE]"));
    RecordedResponse rechunked =
        sse(
            0,
            List.of(
                "{\"choices\":[{\"delta\":{\"content\":\"P\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}",
                "[DONE]"));
    assertThat(change(stream, rechunked).changedAspects()).containsExactly(Aspect.EVENTS);

    FixtureChange twice =
        FixtureChange.between("f.json", of(json(BASE)), of(json(BASE), json(BASE)));
    assertThat(twice.changedAspects()).contains(Aspect.RESPONSES);
  }

  @Test
  void theLogLabelsAndTheMarkdownFollowAspectOrder() {
    FixtureChange c =
        change(json(BASE), json(chat("Lyon", "length", 3), "openai-organization", "12"));
    Set<Aspect> expected =
        EnumSet.of(Aspect.TEXT, Aspect.FINISH_REASON, Aspect.USAGE, Aspect.HEADERS);
    assertThat(c.changedAspects()).containsExactlyElementsOf(expected);
    String md = ChangeReport.builder().compared(c).build().toMarkdown();
    assertThat(md)
        .containsSubsequence(
            "- Text changed:",
            "- Finish reason: `stop` → `length`",
            "- Token usage: output 1 → 3, total 6 → 8",
            "- Response headers added: `openai-organization`");
  }
}
