/**
 * A scripted planning world in simulated time ({@link dev.specagent.core.planning.sim.ScriptedPlanningWorld}):
 * the plans and drafts of each task are given, latencies and tokens are drawn from per-agent profiles. Used by
 * the replay and synthetic planning worlds of {@code specagent-envs}.
 */
package dev.specagent.core.planning.sim;
