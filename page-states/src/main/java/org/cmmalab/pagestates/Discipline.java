package org.cmmalab.pagestates;

/**
 * How the code that shares a guest's frames is run, which decides the mechanics of each protocol
 * (locks, quiescent points, memory ordering) but none of its rules. The guest kernel and the host
 * follow one protocol each, written once; each takes its mechanics from its discipline.
 * <ul>
 *   <li>{@link #SIMULATION}: one thread at a time. A simulation's event loop, or the vCPU threads
 *       of a multi-vCPU guest that hand the machine to each other at blocking points (a read-in, a
 *       swap-in, a host fault), so that every interleaving is a deterministic function of the
 *       scenario and seed. Accesses are plain, a lock that is free is taken without an atomic
 *       instruction, and a lock that is held is held by a vCPU that is waiting for I/O.</li>
 *   <li>{@link #THREADS}: real threads in parallel, as guest vCPUs and host threads are on a real
 *       machine: the race tests (Lincheck, jcstress) and {@code cmma stress}. Locks are atomic,
 *       shared words are read and written with the orderings each protocol states, and a frame
 *       leaves a guest's hands only after every vCPU has passed a quiescent point.</li>
 * </ul>
 */
public enum Discipline {
    SIMULATION,
    THREADS
}
