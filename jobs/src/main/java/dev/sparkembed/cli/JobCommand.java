package dev.sparkembed.cli;

import java.util.concurrent.Callable;

/** A command that runs a job: its flags come from the job's config record ({@link ConfigOptions}). */
interface JobCommand extends Callable<Integer> {

  /** The record whose {@code @Flag} components are this command's options. */
  Class<? extends Record> configType();
}
