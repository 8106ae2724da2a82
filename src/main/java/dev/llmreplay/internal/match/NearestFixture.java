package dev.llmreplay.internal.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmreplay.RequestKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the recorded request nearest to a request that had no recording.
 *
 * <p>Candidates with the same method and endpoint come first; among them the one whose body has the
 * fewest differing values wins, ties going to the smallest label (then key), so the answer never
 * depends on the order candidates are listed in. When no candidate has the endpoint, the nearest
 * with the same method stands in, flagged {@link NearMiss#sameEndpoint() false}. Candidates with
 * another method are never chosen.
 *
 * <p>Only candidates with the winning method and endpoint are compared, each with a count that
 * stops as soon as it exceeds the best so far; the full {@link BodyDiff} is built once, for the
 * winner.
 */
public final class NearestFixture {
  private NearestFixture() {}

  /**
   * The nearest candidate to a request.
   *
   * @param method the request's HTTP method (any case)
   * @param endpoint the request's endpoint as keyed
   * @param body the request's normalized body; Java null is read as JSON null
   * @param candidates the recorded requests, in any order
   * @return empty when no candidate has the method
   */
  public static Optional<NearMiss> find(
      String method, String endpoint, JsonNode body, Iterable<Candidate> candidates) {
    Objects.requireNonNull(endpoint, "endpoint");
    String m = method.toUpperCase(Locale.ROOT);
    JsonNode actual = body == null ? JsonNodeFactory.instance.nullNode() : body;
    List<Candidate> sameEndpoint = new ArrayList<>();
    List<Candidate> sameMethod = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!c.method().equals(m)) {
        continue;
      }
      if (c.endpoint().equals(endpoint)) {
        sameEndpoint.add(c);
      } else if (sameEndpoint.isEmpty()) {
        sameMethod.add(c);
      }
    }
    boolean onEndpoint = !sameEndpoint.isEmpty();
    return nearest(onEndpoint ? sameEndpoint : sameMethod, actual)
        .map(best -> new NearMiss(best.candidate, onEndpoint, BodyDiff.of(best.body, actual)));
  }

  /** The nearest candidate to the request a key was computed for. */
  public static Optional<NearMiss> find(RequestKey key, Iterable<Candidate> candidates) {
    return find(key.method(), key.endpoint(), key.body(), candidates);
  }

  private static Optional<Scored> nearest(List<Candidate> candidates, JsonNode actual) {
    Scored best = null;
    for (Candidate c : candidates) {
      // A candidate at the best distance can still win on its label, so count up to best + 1.
      int limit = best == null ? Integer.MAX_VALUE : best.distance + 1;
      JsonNode body = c.body();
      int d = BodyDiff.distance(body, actual, limit);
      if (best == null || d < best.distance || (d == best.distance && before(c, best.candidate))) {
        best = new Scored(c, body, d);
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean before(Candidate a, Candidate b) {
    int byLabel = a.label().compareTo(b.label());
    return byLabel != 0 ? byLabel < 0 : a.keyHex().compareTo(b.keyHex()) < 0;
  }

  /** A candidate with its body, read once, and its distance (exact when it is the best). */
  private static final class Scored {
    final Candidate candidate;
    final JsonNode body;
    final int distance;

    Scored(Candidate candidate, JsonNode body, int distance) {
      this.candidate = candidate;
      this.body = body;
      this.distance = distance;
    }
  }
}
