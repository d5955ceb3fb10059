/**
 * Tunable kernel parameters ({@link dev.specagent.envs.ostune.knob.Knob}): sysctl and debugfs files, a simulated
 * knob, and {@link dev.specagent.envs.ostune.knob.KnobGuard}, which restores the original value on close or at JVM
 * shutdown.
 */
package dev.specagent.envs.ostune.knob;
