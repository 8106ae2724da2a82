package dev.llmreplay;

import java.io.IOException;

/**
 * No recorded response matches a request in {@link Mode#REPLAY}. An {@link IOException}, so OkHttp
 * hands it to the caller of the HTTP call. The message names the request, its key, the recordings
 * directory, the nearest recorded request with a field-by-field diff, and the switch that records
 * it.
 */
public final class FixtureNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient RequestKey key;

  /** Creates the exception with a fully rendered report. */
  public FixtureNotFoundException(RequestKey key, String report) {
    super(report);
    this.key = key;
  }

  /** The key of the request that was not found. */
  public RequestKey key() {
    return key;
  }
}
