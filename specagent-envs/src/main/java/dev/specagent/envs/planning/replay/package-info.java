/**
 * The replay world of Dynamic Speculative Planning: the authors' recorded OpenAGI plans and drafts
 * ({@link dev.specagent.envs.planning.replay.RecordedPlans}) with latencies and tokens fitted from their pilot
 * logs, in simulated time. See {@code docs/dsp.md}.
 */
package dev.specagent.envs.planning.replay;
