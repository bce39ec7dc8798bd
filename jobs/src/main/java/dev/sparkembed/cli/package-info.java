/**
 * The {@code spark-embed} command line (picocli): one command per job, each binding its flags and
 * {@code --config} file to the job's config record, checking what it can before a Spark session
 * starts, and turning user errors into one line and exit code 2. {@link
 * dev.sparkembed.cli.LaunchMaster} tells {@code scripts/spark-embed} how to launch.
 */
package dev.sparkembed.cli;
