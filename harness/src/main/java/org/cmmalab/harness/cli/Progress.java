package org.cmmalab.harness.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command on standard error: a bar, redrawn in place, only when standard error
 * is a terminal that a person watches; otherwise nothing, so that a log or a pipe never fills with
 * carriage-return frames. {@code ./cmma} tells the program whether standard error is a terminal
 * (the shell's {@code [ -t 2 ]}, as the system property {@value #STDERR_IS_TERMINAL}); run from
 * the jar without it, the program asks {@link System#console()}, which in Java 17 means standard
 * input and output are terminals.
 */
abstract class Progress implements AutoCloseable {
    static final String STDERR_IS_TERMINAL = "cmma.stderrIsTerminal";

    /** Counts {@code amount} more units done; from any thread. */
    abstract void step(long amount);

    /** Adds {@code amount} units to the total (work that was not known at the start); from any thread. */
    abstract void grow(long amount);

    /** Prints a line of its own to standard error, apart from the bar. */
    abstract void line(String text);

    @Override
    public abstract void close();

    /**
     * A bar named {@code task} over {@code total} units of work, shown as {@code unit}s of
     * {@code unitSize} units; nothing where standard error is not a terminal.
     */
    static Progress start(String task, long total, String unit, long unitSize) {
        if (!stderrIsTerminal()) {
            return new Silent();
        }
        return new Bar(new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, unitSize).setUpdateIntervalMillis(500).continuousUpdate().build());
    }

    static boolean stderrIsTerminal() {
        String told = System.getProperty(STDERR_IS_TERMINAL);
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        void step(long amount) {
            bar.stepBy(amount);
        }

        @Override
        void grow(long amount) {
            synchronized (bar) {
                bar.maxHint(bar.getMax() + amount);
            }
        }

        @Override
        void line(String text) {
            // The bar's line ends first, and it is redrawn below the text.
            System.err.printf("%n%s%n", text);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Silent extends Progress {
        @Override
        void step(long amount) {
        }

        @Override
        void grow(long amount) {
        }

        @Override
        void line(String text) {
            System.err.println(text);
        }

        @Override
        public void close() {
        }
    }
}
