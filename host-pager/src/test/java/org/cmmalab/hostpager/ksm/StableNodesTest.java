package org.cmmalab.hostpager.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stable nodes agree with a map from host frame to a list of mappers over random adds,
 * appends, removes (of a mapper, of the first of two equal ones, of one by position) and frees,
 * with node numbers reused: each node keeps its host frame and its mappers in the order they came.
 */
class StableNodesTest {
    @Test
    void agreeWithAMapOfListsOverALongRun() {
        SplittableRandom random = new SplittableRandom(12);
        StableNodes nodes = new StableNodes();
        Map<Integer, List<Long>> expected = new HashMap<>();
        Map<Integer, Integer> nodeOf = new HashMap<>();
        int maxSharing = 40;
        int maxNodes = 0;
        for (int op = 0; op < 100_000; op++) {
            int what = random.nextInt(100);
            List<Integer> frames = new ArrayList<>(expected.keySet());
            if (what < 5 || frames.isEmpty()) {
                int hostFrame = random.nextInt(1_000_000);
                if (!expected.containsKey(hostFrame)) {
                    nodeOf.put(hostFrame, nodes.add(hostFrame));
                    expected.put(hostFrame, new ArrayList<>());
                }
            } else {
                int hostFrame = frames.get(random.nextInt(frames.size()));
                int node = nodes.of(hostFrame);
                assertEquals(nodeOf.get(hostFrame), node, "op " + op);
                List<Long> list = expected.get(hostFrame);
                if (what < 60 && list.size() < maxSharing) {
                    long mapper = (long) random.nextInt(5) << 32 | random.nextInt(8);
                    nodes.append(node, mapper, maxSharing);
                    list.add(mapper);
                } else if (what < 75) {
                    long mapper = (long) random.nextInt(5) << 32 | random.nextInt(8);
                    nodes.remove(node, mapper);
                    list.remove(mapper);
                } else if (what < 90 && !list.isEmpty()) {
                    int i = random.nextInt(list.size());
                    nodes.removeAt(node, i);
                    list.remove(i);
                } else if (what >= 97) {
                    nodes.free(node);
                    expected.remove(hostFrame);
                    nodeOf.remove(hostFrame);
                }
            }
            assertEquals(expected.size(), nodes.size(), "op " + op);
            maxNodes = Math.max(maxNodes, expected.size());
        }
        for (Map.Entry<Integer, List<Long>> e : expected.entrySet()) {
            int node = nodes.of(e.getKey());
            assertEquals((int) e.getKey(), nodes.hostFrame(node));
            List<Long> actual = new ArrayList<>();
            for (int i = 0; i < nodes.mapperCount(node); i++) {
                actual.add(nodes.mapper(node, i));
            }
            assertEquals(e.getValue(), actual, "host frame " + e.getKey());
        }
        assertTrue(maxNodes > 20, "many nodes at once: " + maxNodes);
    }
}
