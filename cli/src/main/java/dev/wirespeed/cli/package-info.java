/**
 * The {@code wirespeed} command line ({@link dev.wirespeed.cli.WirespeedCli}): one picocli class per
 * subcommand ({@code check}, {@code replay}, {@code stat}, {@code lookup}, {@code gen}, {@code bench},
 * {@code graph}, {@code completion}).
 * Exit codes follow {@link dev.wirespeed.cli.ExitCodes}: 0 ok, 1 bad input or failure, 2 usage error;
 * errors go to stderr, results to stdout.
 */
package dev.wirespeed.cli;
