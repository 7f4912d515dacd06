package org.cmmalab.harness.scenario;

import java.util.ArrayList;
import java.util.List;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * Where the guests' block I/O goes (the {@code storage:} section): file reads, write-back,
 * swap-in and swap-out of every guest queue on a storage device, as the host's page-ins and
 * page-outs queue on its paging device. A page costs {@code costs.guestDiskReadNs} or
 * {@code costs.guestDiskWriteNs} of service; the queue adds the wait. docs/storage.md argues the
 * default and shows what it changes.
 *
 * @param guestDisks which device each guest's I/O goes to
 * @param channels   channels of each guest storage device, or {@link #UNLIMITED}; unused with
 *                   {@link GuestDisks#WITH_PAGING}, whose guests take the paging device's
 *                   ({@code host.pagingChannels})
 */
public record Storage(GuestDisks guestDisks, int channels) {
    /** A device with no channel limit: no I/O on it ever waits for another. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    private static final String UNLIMITED_WORD = "unlimited";
    private static final int MAX_CHANNELS = 1024;

    /**
     * All guests' disks behind one storage path of one channel, apart from the host's paging
     * device: KVM guests' images in one host storage pool, z/VM guests' minidisks behind shared
     * channels (docs/storage.md).
     */
    public static final Storage DEFAULT = new Storage(GuestDisks.SHARED, 1);

    /** Which device a guest's block I/O queues on; {@link #id} is the scenario's name for it. */
    public enum GuestDisks {
        /** Each guest its own device. */
        PER_GUEST("per-guest"),
        /** One device for all guests. */
        SHARED("shared"),
        /** The host's paging device, shared with the host's page-ins and page-outs. */
        WITH_PAGING("with-paging");

        private final String id;

        GuestDisks(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static List<String> ids() {
            List<String> ids = new ArrayList<>();
            for (GuestDisks d : values()) {
                ids.add(d.id);
            }
            return ids;
        }

        static GuestDisks of(String id) {
            for (GuestDisks d : values()) {
                if (d.id.equals(id)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("no guest disk layout '" + id + "'");
        }
    }

    /** Whether every guest I/O is served on arrival (the model before guest storage queued). */
    public boolean unlimited() {
        return channels == UNLIMITED;
    }

    static Storage read(YamlMapping s) {
        GuestDisks disks = GuestDisks.of(s.choice("guestDisks", DEFAULT.guestDisks.id, GuestDisks.ids()));
        if (disks == GuestDisks.WITH_PAGING && s.has("channels")) {
            throw s.error("channels", s.where() + ".channels does not apply with guestDisks: with-paging: the guests "
                    + "then share the host's paging device, whose channels are host.pagingChannels");
        }
        int channels = (int) s.integerOr("channels", UNLIMITED_WORD, UNLIMITED, DEFAULT.channels, 1, MAX_CHANNELS);
        s.done();
        return new Storage(disks, channels);
    }
}
