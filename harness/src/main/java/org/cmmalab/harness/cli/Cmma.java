package org.cmmalab.harness.cli;

import java.util.Locale;
import org.cmmalab.harness.InputError;
import org.cmmalab.harness.report.Build;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cmma} command line. A user's mistake (a bad option, a malformed file) ends in one
 * message and exit status 2, never a stack trace; see {@link InputError}. Running out of heap ends
 * in one message and status 3; every status is an {@link ExitCode}.
 */
@Command(name = "cmma", mixinStandardHelpOptions = true, versionProvider = Cmma.Version.class,
        description = "CMMA Lab: collaborative memory management between virtual machines and their host.",
        subcommands = {CompareCommand.class, SweepCommand.class, RunCommand.class, MergeCommand.class,
            ReplayCommand.class, StatesCommand.class, StressCommand.class})
public final class Cmma {
    /** Exit status for bad input. */
    public static final int USAGE = ExitCode.BAD_INPUT.code();
    private static final long MIB = 1 << 20;

    private Cmma() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Cmma());
        listExitCodes(cli);
        cli.setParameterExceptionHandler((e, rest) -> {
            // One line, as for any other mistake, rather than the message followed by the whole usage help.
            e.getCommandLine().getErr().println("cmma: " + e.getMessage() + " (see " + e.getCommandLine().getCommandSpec()
                    .qualifiedName() + " --help)");
            return ExitCode.BAD_INPUT.code();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> fail(e, commandLine));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return fail(e, cli);
        }
    }

    /** One message and the status for what ended a command: the user's mistake, the heap, or a bug. */
    private static int fail(Throwable e, CommandLine commandLine) {
        if (e instanceof InputError) {
            commandLine.getErr().println("cmma: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                commandLine.getErr().println(outOfHeap(Runtime.getRuntime().maxMemory()));
                return ExitCode.OUT_OF_MEMORY.code();
            }
        }
        commandLine.getErr().println("cmma: internal error (a bug in cmma; please report it with the command line):");
        e.printStackTrace(commandLine.getErr());
        return ExitCode.INTERNAL_ERROR.code();
    }

    /** What to tell a user whose run did not fit the heap: how large it was, and how to give it more. */
    static String outOfHeap(long maxHeapBytes) {
        long twice = Math.max(2 * maxHeapBytes / MIB, 1);
        String suggestion = twice % 1024 == 0 ? twice / 1024 + "g" : twice + "m";
        return String.format(Locale.ROOT, "cmma: out of memory: the run needed more than the %,d MiB of Java heap it had; "
                + "give it more with CMMA_JAVA_OPTS, for example CMMA_JAVA_OPTS='-Xmx%s' ./cmma ... "
                + "(with java -jar, pass -Xmx%s to java)",
                maxHeapBytes / MIB, suggestion, suggestion);
    }

    /** The version and commit the jar was built from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Build build = Build.current();
            return new String[] {"CMMA Lab " + build.version() + " (commit " + build.commit() + ")"};
        }
    }

    /** Puts the exit codes under every command's usage help. */
    private static void listExitCodes(CommandLine cli) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(ExitCode.helpList());
        cli.getSubcommands().values().forEach(Cmma::listExitCodes);
    }
}
