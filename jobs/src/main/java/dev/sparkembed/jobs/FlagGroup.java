package dev.sparkembed.jobs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A config component whose own record holds options that several jobs share ({@link PairSearch}
 * for join and dedup): declared once there, they are flags and JSON keys of each job at the top
 * level ({@code --lists}, {@code "lists"}), not nested.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FlagGroup {}
