package org.cmmalab.discardfault;

/**
 * What a {@link SharedPageCache} tells the machine around it, and the one thing it asks of it.
 * Every method is called on the vCPU's own thread; the defaults do nothing.
 */
public interface PageCacheHooks {
    /** No hooks: no interrupts arrive, nothing is counted. */
    PageCacheHooks NONE = new PageCacheHooks() { };

    /**
     * An interrupt window: the vCPU holds the state-change lock of a page it is making stable, with
     * interrupts enabled, so a pending interrupt (an I/O completion calling
     * {@link SharedPageCache#endWriteback}) runs here, on top of the lock holder.
     */
    default void interruptWindow(int vcpu) {
    }

    /** Race 1: make-stable found the page discarded ({@code Vz}); it is dropped and read again. */
    default void discardWon(int vcpu) {
    }

    /** Race 2: make-volatile found the page's state-change lock held and gave up. */
    default void volatileGaveUp(int vcpu) {
    }

    /** A load through a mapping hit a discarded frame: a discard fault was delivered. */
    default void discardFault(int vcpu) {
    }

    /** Race 3: a discard-fault handler found its frame's page already gone (another vCPU dropped it). */
    default void lateDiscardFault(int vcpu) {
    }

    /** A read saw {@code seen} where page {@code page} held {@code expected}: a lost page. */
    default void lostPage(int vcpu, int page, long expected, long seen) {
    }
}
