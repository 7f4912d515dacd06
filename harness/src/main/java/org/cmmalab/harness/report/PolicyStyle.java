package org.cmmalab.harness.report;

import java.util.List;

/**
 * How a policy is drawn, the same in the PNG charts and the page's charts: a colour (Okabe and
 * Ito's, which colour-blind readers tell apart; yellow left out, too light on white) and a dash
 * pattern, by the policy's place in the comparison. Each renderer adds its own markers, and draws
 * lines of one place wider and beneath those of the next, so that equal policies both show.
 */
final class PolicyStyle {
    static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#000000", "#999999");
    static final List<List<Integer>> DASHES = List.of(List.of(), List.of(10, 5), List.of(3, 3), List.of(12, 4, 3, 4),
            List.of(6, 2), List.of(2, 6), List.of(16, 4), List.of(8, 3, 2, 3));

    private PolicyStyle() {
    }

    static String colour(int place) {
        return COLOURS.get(place % COLOURS.size());
    }

    static List<Integer> dash(int place) {
        return DASHES.get(place % DASHES.size());
    }
}
