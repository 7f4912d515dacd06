package org.cmmalab.jcstress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a jcstress test as a deliberately wrong variant of a protocol: one access weaker, one
 * fence missing or one step out of order. Its forbidden outcome is what the weakening allows, so
 * jcstress reports the test as failed, and the suite that CI runs requires that it did (a wrong
 * variant that never fails proves nothing about the test that should catch it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WrongVariant {
}
