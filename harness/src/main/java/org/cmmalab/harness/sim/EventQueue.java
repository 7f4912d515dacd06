package org.cmmalab.harness.sim;

import java.util.PriorityQueue;

/**
 * The discrete-event simulation's agenda on a virtual clock. Events run in order of time, and
 * events at the same time in the order they were scheduled, so a run is a pure function of its
 * inputs: no wall clock, no hash order, no thread scheduling reaches the result.
 */
public final class EventQueue {
    /** Something that happens at a virtual time. */
    @FunctionalInterface
    public interface Action {
        void run(long now);
    }

    private record Event(long time, long sequence, Action action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private final PriorityQueue<Event> agenda = new PriorityQueue<>();
    private long sequence;
    private long now;
    private boolean stopped;

    /** The virtual time of the event running now, in nanoseconds. */
    public long now() {
        return now;
    }

    /** Schedules {@code action} at virtual time {@code time}, which may not lie in the past. */
    public void at(long time, Action action) {
        if (time < now) {
            throw new IllegalArgumentException("event at " + time + " ns is before now, " + now + " ns");
        }
        agenda.add(new Event(time, sequence++, action));
    }

    /** Schedules {@code action} every {@code period} nanoseconds from {@code first} until the end. */
    public void every(long first, long period, Action action) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        at(first, new Action() {
            @Override
            public void run(long t) {
                action.run(t);
                at(t + period, this);
            }
        });
    }

    /** Ends {@link #runUntil} after the event running now: the simulation has nothing left to do, or nothing left that can change what its caller wants to know. */
    public void stop() {
        stopped = true;
    }

    /** Runs events in order until none is left at or before {@code end}, or until {@link #stop}. */
    public void runUntil(long end) {
        while (!stopped && !agenda.isEmpty() && agenda.peek().time <= end) {
            Event e = agenda.poll();
            now = e.time;
            e.action.run(now);
        }
        if (!stopped) {
            now = Math.max(now, end);
        }
    }
}
