package org.cmmalab.hostpager;

/**
 * The host needed a free frame and could reclaim none: every resident unit must be written out
 * and the paging device has no room. Never answered by dropping data; the message names the host
 * state.
 */
public final class HostMemoryExhaustedException extends IllegalStateException {
    HostMemoryExhaustedException(String message) {
        super(message);
    }
}
