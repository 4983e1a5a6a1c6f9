package io.fablestream.app;

import java.io.PrintStream;
import java.util.Map;

/**
 * What the CLI's commands run in: the environment the config layers read, and where output goes.
 * Tests give their own.
 *
 * @param env the environment variables
 * @param out progress and results
 * @param err problems and their fixes
 */
public record CliContext(Map<String, String> env, PrintStream out, PrintStream err) {}
