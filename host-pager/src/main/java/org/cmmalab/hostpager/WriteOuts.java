package org.cmmalab.hostpager;

/**
 * Where {@link Host#balance(WriteOuts) background reclaim} hands the write-outs it starts: each is
 * in flight once its copy is made, and ends when the caller, at the time the paging device has
 * written it, calls {@link GuestSpace#finishWriteOut(int, int)} with its ticket. Until then the
 * unit stays resident and the guest goes on using it (races 4 and 5 of docs/state-model.md
 * section 6). Called on the host's thread, inside {@code balance}.
 */
@FunctionalInterface
public interface WriteOuts {
    /** Write-out {@code ticket} of the unit of {@code frames} frames from {@code frame} of {@code guest} is in flight. */
    void started(GuestSpace guest, int frame, int frames, int ticket);
}
