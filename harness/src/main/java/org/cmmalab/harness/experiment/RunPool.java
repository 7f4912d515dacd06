package org.cmmalab.harness.experiment;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The pool runs go to, and waiting for a run there, with the run's own exception passed on unwrapped. */
public final class RunPool {
    private RunPool() {
    }

    /**
     * A pool of {@code threads} (at least one) daemon threads named {@code name}: daemons, so that a
     * run abandoned by an error on the calling thread does not keep the JVM alive.
     */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The result of {@code f}, waiting for it. A run's {@link RuntimeException} (an input error, a
     * broken invariant) is thrown as it was, so that the command line reports it as it would from a
     * run on the calling thread.
     */
    public static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
