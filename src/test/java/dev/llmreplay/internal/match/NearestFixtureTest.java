package dev.llmreplay.internal.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NearestFixtureTest {
  private static final String CHAT = "/v1/chat/completions";

  private static JsonNode json(String text) {
    try {
      return Json.parse(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Candidate candidate(String endpoint, String body, String label) {
    return Candidate.of("POST", endpoint, json(body), label.replace(".json", "") + "ff", label);
  }

  private static Optional<NearMiss> find(String body, List<Candidate> candidates) {
    return NearestFixture.find("POST", CHAT, json(body), candidates);
  }

  @Test
  void picksTheSameEndpointWithTheFewestDifferences() {
    List<Candidate> candidates =
        List.of(
            candidate(CHAT, "{'model':'b','temperature':0.1,'n':2}", "far.json"),
            candidate(CHAT, "{'model':'a','temperature':0.7,'n':1}", "near.json"),
            candidate("/v1/completions", "{'model':'a','temperature':0.7,'n':2}", "other.json"),
            Candidate.of("GET", CHAT, json("{'model':'a','temperature':0.7,'n':2}"), "0", "get"));

    NearMiss miss = find("{'model':'a','temperature':0.7,'n':2}", candidates).orElseThrow();

    assertThat(miss.candidate().label()).isEqualTo("near.json");
    assertThat(miss.sameEndpoint()).isTrue();
    assertThat(miss.distance()).isEqualTo(1);
    assertThat(miss.diff().changes().get(0)).hasToString("changed /n: 1 → 2");
  }

  @Test
  void tiesGoToTheSmallestLabelWhateverTheOrder() {
    List<Candidate> candidates =
        new ArrayList<>(
            List.of(
                candidate(CHAT, "{'a':1,'b':9}", "recordings/c.json"),
                candidate(CHAT, "{'a':9,'b':2}", "recordings/a.json"),
                candidate(CHAT, "{'a':1,'b':2,'c':3}", "recordings/b.json"),
                candidate(CHAT, "{'a':7,'b':7}", "recordings/0.json")));
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(candidates, random);

      NearMiss miss = find("{'a':1,'b':2}", candidates).orElseThrow();

      assertThat(miss.candidate().label()).isEqualTo("recordings/a.json");
      assertThat(miss.distance()).isEqualTo(1);
    }
  }

  @Test
  void equalLabelsFallBackToTheKey() {
    List<Candidate> candidates =
        List.of(
            Candidate.of("POST", CHAT, json("{'a':2}"), "bbbb", "same"),
            Candidate.of("POST", CHAT, json("{'a':3}"), "aaaa", "same"));

    assertThat(find("{'a':1}", candidates).orElseThrow().candidate().keyHex()).isEqualTo("aaaa");
  }

  @Test
  void fallsBackToTheSameMethodOnAnotherEndpoint() {
    List<Candidate> candidates =
        List.of(
            candidate("/v1/completions", "{'model':'a','prompt':'Hi'}", "completions.json"),
            candidate("/v1/embeddings", "{'model':'a','input':'Hi'}", "embeddings.json"),
            Candidate.of("GET", CHAT, json("{'model':'a','messages':[]}"), "0", "get.json"));

    NearMiss miss = find("{'model':'a','input':'Hi'}", candidates).orElseThrow();

    assertThat(miss.candidate().label()).isEqualTo("embeddings.json");
    assertThat(miss.sameEndpoint()).isFalse();
    assertThat(miss.distance()).isZero();
  }

  @Test
  void noCandidateWithTheMethodFindsNothing() {
    List<Candidate> candidates =
        List.of(Candidate.of("GET", CHAT, json("{'a':1}"), "0", "get.json"));

    assertThat(find("{'a':1}", candidates)).isEmpty();
    assertThat(find("{'a':1}", List.of())).isEmpty();
    assertThat(NearestFixture.find("get", CHAT, json("{'a':1}"), candidates).orElseThrow())
        .hasToString("get.json (distance 0, same endpoint)");
  }

  @Test
  void readsOnlyTheBodiesOfCandidatesOnTheEndpoint() {
    AtomicInteger reads = new AtomicInteger();
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String body = "{'i':" + i + "}";
      String endpoint = i % 10 == 0 ? CHAT : "/v1/completions";
      candidates.add(
          Candidate.lazy(
              "POST",
              endpoint,
              "key" + i,
              String.format("f%03d.json", i),
              () -> {
                reads.incrementAndGet();
                return json(body);
              }));
    }

    NearMiss miss = find("{'i':30}", candidates).orElseThrow();

    assertThat(miss.candidate().label()).isEqualTo("f030.json");
    assertThat(miss.distance()).isZero();
    assertThat(reads.get()).isEqualTo(10);
  }

  @Test
  void tenThousandCandidatesAreRankedQuickly() {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("model", "gpt-4o-mini");
      body.put("temperature", 0.5);
      ObjectNode message = body.putArray("messages").addObject();
      message.put("role", "user");
      message.put("content", "Question number " + i + ": " + "context ".repeat(50));
      String endpoint = i % 2 == 0 ? CHAT : "/v1/completions";
      candidates.add(Candidate.of("POST", endpoint, body, "k" + i, String.format("%05d.json", i)));
    }
    ObjectNode actual = candidates.get(7776).body().deepCopy();
    actual.put("temperature", 0.6);

    NearMiss miss =
        assertTimeout(
            Duration.ofSeconds(5),
            () -> NearestFixture.find("POST", CHAT, actual, candidates).orElseThrow());

    assertThat(miss.candidate().label()).isEqualTo("07776.json");
    assertThat(miss.diff().changes().stream().map(Change::toString).collect(Collectors.toList()))
        .containsExactly("changed /temperature: 0.5 → 0.6");
  }
}
