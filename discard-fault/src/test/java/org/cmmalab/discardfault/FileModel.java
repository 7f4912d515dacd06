package org.cmmalab.discardfault;

/**
 * The sequential specification of {@link CacheMachine}: a file of {@link CacheMachine#PAGES}
 * pages, each holding the version its last write made. A read or a mapped load returns the
 * current version, a write makes and returns the next; eviction, write-back, I/O completion and
 * host reclaim change nothing a reader can see. Nothing about frames, states or hints: whatever
 * the protocol does underneath, this is what the guest must see.
 */
public class FileModel {
    private final int[] versions = new int[CacheMachine.PAGES];

    public String read(int vcpu, int page) {
        return "v" + versions[page];
    }

    public String touchMapped(int vcpu, int page) {
        return "v" + versions[page];
    }

    public String write(int vcpu, int page) {
        return "v" + ++versions[page];
    }

    public void evict(int vcpu, int page) {
    }

    public void writeback(int vcpu, int page) {
    }

    public void completeIo() {
    }

    public void reclaim(int frame) {
    }
}
