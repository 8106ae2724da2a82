package dev.llmreplay.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which headers each crossing drops. */
class HeaderPolicyTest {
  static final List<String> HOP_BY_HOP =
      List.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-authenticate",
          "proxy-authorization");

  @ParameterizedTest
  @EnumSource(HeaderPolicy.class)
  void everyCrossingDropsTheHopByHopHeadersAndKeepsTheMessagesOwn(HeaderPolicy policy) {
    assertThat(policy.dropped()).containsAll(HOP_BY_HOP);
    for (String kept : List.of("content-type", "x-request-id", "openai-organization", "set-cookie"))
      assertThat(policy.drops(kept)).as(kept).isFalse();
    assertThat(policy.drops("Transfer-Encoding")).as("any case").isTrue();
  }

  @Test
  void aFixtureDropsTheFramingOfTheBodyItStoresDecoded() {
    assertThat(HeaderPolicy.NOT_RECORDED.drops("content-length")).isTrue();
    assertThat(HeaderPolicy.NOT_RECORDED.drops("content-encoding")).isTrue();
    assertThat(HeaderPolicy.NOT_RELAYED.dropped()).isEqualTo(HeaderPolicy.NOT_RECORDED.dropped());
  }

  @Test
  void aRefreshLetsOkHttpSetHostAndAcceptEncodingAndKeepsTheCredentialHeaders() {
    Map<String, List<String>> recorded = new LinkedHashMap<>();
    recorded.put("host", List.of("api.openai.com"));
    recorded.put("accept-encoding", List.of("gzip"));
    recorded.put("content-length", List.of("42"));
    recorded.put("authorization", List.of("[REDACTED]"));
    recorded.put("user-agent", List.of("okhttp/4.12.0"));
    assertThat(HeaderPolicy.NOT_RESENT.keptOf(recorded))
        .containsOnlyKeys("authorization", "user-agent");
  }

  @Test
  void theServerForwardsTheContentEncodingOfTheBodyBytesItPassesOnUnchanged() {
    Headers in =
        new Headers.Builder()
            .add("Host", "127.0.0.1:1234")
            .add("Content-Length", "10")
            .add("Content-Encoding", "gzip")
            .add("Accept-Encoding", "br")
            .add("Content-Type", "application/json")
            .build();
    assertThat(HeaderPolicy.NOT_FORWARDED.keptOf(in))
        .containsOnlyKeys("Content-Encoding", "Content-Type");
  }

  @Test
  void headersNamedByConnectionAreDroppedAndTheRestKeepOrderAndSpelling() {
    Map<String, List<String>> in = new LinkedHashMap<>();
    in.put("X-Before", List.of("1"));
    in.put("Connection", List.of("keep-alive, X-Hop", "x-other"));
    in.put("x-hop", List.of("a"));
    in.put("X-Other", List.of("b"));
    in.put("X-After", List.of("2"));
    for (HeaderPolicy policy : HeaderPolicy.values()) {
      assertThat(policy.keptOf(in))
          .as(policy.name())
          .containsExactly(Map.entry("X-Before", List.of("1")), Map.entry("X-After", List.of("2")));
    }
  }

  @Test
  void okHttpHeadersAreFilteredTheSameWay() {
    Headers in =
        new Headers.Builder()
            .add("Connection", "X-Hop")
            .add("x-hop", "a")
            .add("X-Kept", "b")
            .add("X-Kept", "c")
            .build();
    assertThat(HeaderPolicy.NOT_RECORDED.keptOf(in))
        .containsExactly(Map.entry("X-Kept", List.of("b", "c")));
  }
}
