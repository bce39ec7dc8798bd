/**
 * Lake tables the jobs read and write: a {@link dev.sparkembed.jobs.lake.LakeTable} is one Delta
 * table (by path) or one Iceberg table (by catalog name), with the few operations an incremental
 * run needs: its current version, a read pinned to a version, a create, an upsert by id and a
 * delete of ids missing from the input, each one commit carrying the run's counts. The lake
 * libraries are optional at run time: {@link dev.sparkembed.jobs.lake.LakeFormat} checks for them
 * before Spark starts and names the package to add.
 */
package dev.sparkembed.jobs.lake;
