package org.cmmalab.harness.sim;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a run submitted to a pool, with the run's own exception passed on unwrapped. */
final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code f}, waiting for it. A run's {@link RuntimeException} (an input error, a
     * broken invariant) is thrown as it was, so that the command line reports it as it would from a
     * run on the calling thread.
     */
    static <T> T join(Future<T> f) {
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
