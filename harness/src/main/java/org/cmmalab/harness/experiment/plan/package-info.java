/**
 * A study as runs that can go anywhere: each run of a sweep is one self-contained JSON document
 * ({@link PlannedRun}: the scenario's text, the seed, the overcommit ratio, the policy), running it
 * is a pure function ({@link PlannedRun#execute}), and its result is another document
 * ({@link RunRecord}) from which {@link StudyMerge} rebuilds exactly what the study gives when
 * run on one machine. The cluster's job files (deploy/) and docs/cluster.md use these through
 * {@code cmma sweep --plan}, {@code cmma run} and {@code cmma merge}.
 */
package org.cmmalab.harness.experiment.plan;
