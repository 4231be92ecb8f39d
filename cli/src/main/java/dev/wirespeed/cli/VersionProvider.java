package dev.wirespeed.cli;

import picocli.CommandLine;

/** Prints the version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        final String v = WirespeedCli.class.getPackage().getImplementationVersion();
        return new String[] {"wirespeed " + (v == null ? "dev" : v)};
    }
}
