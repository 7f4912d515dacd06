package org.cmmalab.harness;

/**
 * An entry added to one of the registries (policies, workloads, trace formats) from outside the
 * registry's own list, such as a test's example of an extension: closing it takes the entry out
 * again, so that nothing else sees it afterwards.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
