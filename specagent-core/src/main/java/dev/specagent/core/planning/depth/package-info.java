/**
 * The depth policies of the planner, side by side: fixed, dynamic (the online predictor's expected acceptance
 * length), the hindsight oracle and the other yardsticks, and our draft-by-draft gates and verification
 * schedulers. Each implements {@link dev.specagent.core.planning.depth.DepthPolicy}; a class's Javadoc says
 * when it is a yardstick that needs what only a simulated world knows.
 */
package dev.specagent.core.planning.depth;
