package dev.berth.cli.audit;

import java.util.List;

/**
 * What one run of the audited command did, as facts without judgement: how it ended, when,
 * what it listened on, what it said. Times are seconds; null where the fact does not apply.
 *
 * @param ending how the run ended
 * @param exit the exit status (128 + N when killed by signal N), null when the audit stopped it
 * @param seconds launch to exit for a start that should fail; signal to exit for a stop
 * @param listenedOnFailing seconds after launch it was seen listening on the endpoint that should have failed
 * @param stole true when a live server's unix socket path was taken over
 * @param firstListened for two endpoints: how long the first (free) one was seen listening
 * @param readyAfter seconds from launch to its first HTTP answer
 * @param facts other things worth saying, in words
 * @param output what it printed
 */
record Observation(Ending ending, Integer exit, Double seconds, Double listenedOnFailing, boolean stole,
    Double firstListened, Double readyAfter, List<String> facts, PrintedOutput output) {

  /** How a run ended. */
  enum Ending {
    /** It exited by itself. */
    EXITED,
    /** It listened on an endpoint that should have failed; the audit stopped it. */
    LISTENED,
    /** It was still running at the limit; the audit killed it. */
    STILL_RUNNING,
    /** It never gave an HTTP answer before the limit (serving scenarios); the audit killed it. */
    NEVER_READY
  }

  Observation {
    facts = List.copyOf(facts);
  }

  /** The same with one more fact at the end. */
  Observation withFact(String fact) {
    List<String> more = new java.util.ArrayList<>(facts);
    more.add(fact);
    return new Observation(ending, exit, seconds, listenedOnFailing, stole, firstListened, readyAfter, more, output);
  }
}
