package dev.llmreplay.internal.match;

import java.util.Objects;

/**
 * The recorded request nearest to a request that had no recording: the candidate, how far it is
 * (the number of differing body values), whether it has the same endpoint, and the body diff.
 */
public final class NearMiss {
  private final Candidate candidate;
  private final boolean sameEndpoint;
  private final BodyDiff diff;

  NearMiss(Candidate candidate, boolean sameEndpoint, BodyDiff diff) {
    this.candidate = Objects.requireNonNull(candidate, "candidate");
    this.sameEndpoint = sameEndpoint;
    this.diff = Objects.requireNonNull(diff, "diff");
  }

  /** The nearest recorded request. */
  public Candidate candidate() {
    return candidate;
  }

  /** The number of body values that differ ({@link BodyDiff#distance()}). */
  public int distance() {
    return diff.distance();
  }

  /**
   * True when the candidate has the request's method and endpoint; false when no recording has the
   * endpoint and this is the nearest with the same method.
   */
  public boolean sameEndpoint() {
    return sameEndpoint;
  }

  /** The diff from the candidate's body to the request's body. */
  public BodyDiff diff() {
    return diff;
  }

  @Override
  public String toString() {
    return candidate.label()
        + " (distance "
        + distance()
        + (sameEndpoint ? ", same endpoint)" : ", other endpoint)");
  }
}
