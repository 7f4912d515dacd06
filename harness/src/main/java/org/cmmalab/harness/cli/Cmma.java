package org.cmmalab.harness.cli;

import org.cmmalab.harness.InputError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cmma} command line. A user's mistake (a bad option, a malformed file) ends in one
 * message and exit status 2, never a stack trace; see {@link InputError}.
 */
@Command(name = "cmma", mixinStandardHelpOptions = true, version = "CMMA Lab 0.1.0",
        description = "CMMA Lab: collaborative memory management between virtual machines and their host.",
        subcommands = {CompareCommand.class, SweepCommand.class, ReplayCommand.class, StatesCommand.class,
            StressCommand.class})
public final class Cmma {
    /** Exit status for bad input. */
    public static final int USAGE = 2;

    private Cmma() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Cmma());
        cli.setExitCodeExceptionMapper(e -> USAGE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InputError) {
                commandLine.getErr().println("cmma: " + e.getMessage());
                return USAGE;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
