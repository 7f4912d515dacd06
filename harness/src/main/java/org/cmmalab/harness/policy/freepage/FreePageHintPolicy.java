package org.cmmalab.harness.policy.freepage;

import org.cmmalab.harness.policy.Policy;
import org.cmmalab.harness.yaml.YamlMapping;

/**
 * {@code free-page-hint}: virtio-balloon's {@code VIRTIO_BALLOON_F_FREE_PAGE_HINT} (Wei Wang,
 * Linux 4.20; the v36 series, docs/sources.md). <b>It acts only during live migration</b>: the host asks the
 * guest for hints when a migration starts, the guest hands over free blocks of its largest order
 * ({@link org.cmmalab.guestmm.freepagehint.FreePageHint}: order 10, 4 MiB, on x86 and s390 alike), the host
 * leaves them out of the first round of copying, and the guest takes them back when the migration
 * is done. The host frees no memory for it.
 *
 * <p>In a scenario without a {@code migration:} section this policy has no effect at all: its runs
 * are runs of {@code none} (or of whatever it is combined with). With one, the migration engine
 * ({@link org.cmmalab.harness.experiment.migration.PreCopy}) starts the guest's driver when the migration
 * starts. No parameters.
 */
public final class FreePageHintPolicy implements Policy {
    public static FreePageHintPolicy parse(YamlMapping params) {
        params.done();
        return new FreePageHintPolicy();
    }

    @Override
    public String name() {
        return "free-page-hint";
    }

    @Override
    public boolean freePageHints() {
        return true;
    }
}
