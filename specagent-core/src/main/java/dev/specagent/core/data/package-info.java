/**
 * Locating the shared data sets ({@link dev.specagent.core.data.DataDirectory}) and wording I/O and JSON errors
 * so that they name the file, line and field. Used by the LLM module, the bundled environments and the command line.
 */
package dev.specagent.core.data;
