package dev.berth.server;

import java.util.List;

/** Checks over a whole list of endpoints, as given for one start. */
public final class Endpoints {

  private Endpoints() {}

  /**
   * Rejects an endpoint listed twice (same canonical text; every port 0 is distinct):
   * Berth never silently shares a listener between two entries of one start.
   *
   * @throws InvalidEndpointException naming the duplicate
   */
  public static void requireDistinct(List<Endpoint> endpoints) {
    for (int i = 0; i < endpoints.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (endpoints.get(i).duplicates(endpoints.get(j))) {
          throw new InvalidEndpointException(endpoints.get(i).toString(), "listed more than once",
              "give each endpoint once (use port 0 more than once for several free ports)");
        }
      }
    }
  }
}
