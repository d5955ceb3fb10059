/**
 * A synthetic OpenAGI-like planning world whose agreement between approximation and target is controlled per
 * task, in simulated time. See {@code docs/dsp.md}.
 */
package dev.specagent.envs.planning.synthetic;
