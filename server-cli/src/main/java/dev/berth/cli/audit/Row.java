package dev.berth.cli.audit;

/**
 * One line of the report: a scenario, what happened (null when it did not run) and the verdict.
 *
 * @param scenario the scenario
 * @param observation what the run did, or null for n/a
 * @param judgement the verdict and its reason (for n/a: why)
 */
record Row(Scenario scenario, Observation observation, Judgement judgement) {

  static Row notApplicable(Scenario scenario, String why) {
    return new Row(scenario, null, new Judgement(Verdict.NA, why));
  }

  Row judged(Judgement j) {
    return new Row(scenario, observation, j);
  }
}
