package dev.llmreplay.internal.match;

import java.util.Objects;

/**
 * The recorded request nearest to a request that had no recording: the candidate, how far it is
 * (the number of differing body values), whether it has the same endpoint, and the body diff.
 *
 * @param candidate the nearest recorded request
 * @param sameEndpoint true when the candidate has the request's method and endpoint; false when no
 *     recording has the endpoint and this is the nearest with the same method
 * @param diff the diff from the candidate's body to the request's body
 */
public record NearMiss(Candidate candidate, boolean sameEndpoint, BodyDiff diff) {
  public NearMiss {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(diff, "diff");
  }

  /** The number of body values that differ ({@link BodyDiff#distance()}). */
  public int distance() {
    return diff.distance();
  }

  @Override
  public String toString() {
    return candidate.label()
        + " (distance "
        + distance()
        + (sameEndpoint ? ", same endpoint)" : ", other endpoint)");
  }
}
