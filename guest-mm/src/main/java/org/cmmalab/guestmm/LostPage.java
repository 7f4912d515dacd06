package org.cmmalab.guestmm;

/**
 * One read that did not see what it should have: the guest's data was lost (or another guest's
 * leaked in). {@code owner} names the file or process, {@code found} is the token the frame held
 * ({@link GuestMemory#DISCARD_FAULT} if the content was discarded where it never may be).
 */
public record LostPage(String owner, int page, int frame, long expected, long found) {
    @Override
    public String toString() {
        return "lost page " + page + " of " + owner + " in frame " + frame + ": expected token "
                + Long.toHexString(expected) + ", found " + (found == GuestMemory.DISCARD_FAULT
                ? "a discarded frame" : Long.toHexString(found)
                + whose(found, expected));
    }

    private static String whose(long found, long expected) {
        if (!ContentToken.isPage(found)) {
            return "";
        }
        if (ContentToken.isShared(found)) {
            return " (image " + ContentToken.image(found) + "'s)";
        }
        return ContentToken.isShared(expected) || ContentToken.guest(found) != ContentToken.guest(expected)
                ? " (guest " + ContentToken.guest(found) + "'s)" : "";
    }
}
