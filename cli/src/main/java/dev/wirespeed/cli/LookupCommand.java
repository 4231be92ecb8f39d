package dev.wirespeed.cli;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.l3.IpSyntax;
import dev.wirespeed.control.l3.L3Compiler;
import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.Ipv4LpmBuilder;
import dev.wirespeed.fib.l3.Ipv6LpmBuilder;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l3.NextHopGroups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed lookup}: the L3 decision for each given destination address, in order — matching
 * prefix, next-hop group, ECMP member (the one a flow hash of 0 takes), egress port and next hop, or
 * punt / drop with its reason. A packet with TTL 64 is assumed.
 */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        description = {
                "Look destination addresses up in the L3 FIB and print the forwarding decision for each, in order.",
                "Example: wirespeed lookup -c examples/reviews 10.1.0.12 2001:db8::1",
        })
public final class LookupCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "PATH",
            description = "Config file or directory (YAML with RouteTable documents; repeatable).")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Option(names = "--routes", paramLabel = "FILE", description = "A routes file: one 'PREFIX NEXTHOP PORT' a line.")
    Path routes;

    @Option(names = "--local", paramLabel = "ADDRESS",
            description = "An address of the engine itself (punted); repeatable.")
    List<String> local = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Read addresses from FILE, one a line ('#' comments).")
    Path file;

    @Option(names = "--json", description = "One JSON object a line.")
    boolean json;

    @Parameters(paramLabel = "ADDRESS", arity = "0..*", description = "IPv4 or IPv6 destination addresses.")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call()
    {
        return lookup(routeTableSpecs());
    }

    /**
     * The route tables to build the FIB from: the RouteTable documents of {@code -c CONFIG} and/or a
     * plain routes file given with {@code --routes}.
     *
     * @return the route tables given on the command line.
     */
    List<RouteTableSpec> routeTableSpecs()
    {
        if (routes == null && config.isEmpty())
        {
            throw new ParameterException(spec.commandLine(), "Missing required option: '-c=PATH' or '--routes=FILE'");
        }
        final List<RouteTableSpec> tables = new ArrayList<>();
        if (!config.isEmpty())
        {
            final LoadedConfig loaded = new ConfigLoader().load(config, clusters.options());
            if (loaded.hasErrors())
            {
                throw new InvalidInputException(String.join("\n", loaded.formattedDiagnostics()));
            }
            tables.addAll(loaded.model().routeTables());
        }
        if (routes != null)
        {
            tables.add(L3Compiler.routesFileSpec(routes, routes.toString(), local));
        }
        else if (!local.isEmpty())
        {
            tables.add(L3Compiler.localAddressesSpec(local));
        }
        return tables;
    }

    /**
     * Builds the L3 FIB from route tables and prints the decision for every requested address.
     *
     * @param tables the route tables.
     * @return the exit code.
     */
    public int lookup(final List<RouteTableSpec> tables)
    {
        if (addresses.isEmpty() && file == null)
        {
            throw new ParameterException(spec.commandLine(), "Give addresses to look up, or --file FILE");
        }
        final List<String> texts = new ArrayList<>();
        final List<String> where = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++)
        {
            texts.add(addresses.get(i));
            where.add("argument " + (i + 1));
        }
        if (file != null)
        {
            readAddressFile(texts, where);
        }
        final IpSyntax syntax = new IpSyntax();
        final int n = texts.size();
        final int[] family = new int[n];
        final long[] hi = new long[n];
        final long[] lo = new long[n];
        final StringBuilder errors = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            final String e = syntax.parseAddress(texts.get(i));
            if (e != null)
            {
                errors.append(errors.length() > 0 ? "\n" : "").append(where.get(i)).append(": ").append(e);
                continue;
            }
            family[i] = syntax.family;
            hi[i] = syntax.hi;
            lo[i] = syntax.lo;
        }
        if (errors.length() > 0)
        {
            throw new InvalidInputException(errors.toString());
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (FibImage image = L3FibLoader.build(tables))
        {
            final L3Forwarding forwarding = new L3Forwarding(image);
            final NextHopGroups groups = forwarding.nextHopGroups();
            final L3Result r = new L3Result();
            for (int i = 0; i < n; i++)
            {
                forwarding.forward(family[i], hi[i], lo[i], 64, 0, r);
                out.println(format(texts.get(i), family[i], hi[i], lo[i], r, groups));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void readAddressFile(final List<String> texts, final List<String> where)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new InvalidInputException(file + ": cannot read addresses file: "
                    + (ex instanceof java.nio.file.NoSuchFileException ? "no such file" : ex.getMessage()));
        }
        for (int i = 0; i < lines.size(); i++)
        {
            String line = lines.get(i);
            final int hash = line.indexOf('#');
            if (hash >= 0)
            {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (!line.isEmpty())
            {
                texts.add(line);
                where.add(file + ":" + (i + 1));
            }
        }
    }

    private String format(final String text, final int family, final long hi, final long lo, final L3Result r,
            final NextHopGroups groups)
    {
        final String address = family == 4 ? IpText.formatIpv4((int)lo) : IpText.formatIpv6(hi, lo);
        if (r.action == Actions.FORWARD)
        {
            final int length = r.prefixLength;
            final String network = family == 4
                    ? IpText.formatIpv4((int)lo & Ipv4LpmBuilder.mask(length))
                    : IpText.formatIpv6(hi & Ipv6LpmBuilder.maskHi(length), lo & Ipv6LpmBuilder.maskLo(length));
            final String prefix = network + "/" + length;
            final String nextHop = groups.nextHopText(r.nextHop);
            if (json)
            {
                return "{\"address\":\"" + address + "\",\"prefix\":\"" + prefix + "\",\"nextHop\":\"" + nextHop
                        + "\",\"egressPort\":" + r.egressPort + "}";
            }
            return address + " prefix=" + prefix + " group=" + r.group + " member=" + r.member
                    + " egressPort=" + r.egressPort + " nextHop=" + nextHop;
        }
        if (r.action == Actions.PUNT)
        {
            return json ? "{\"address\":\"" + address + "\",\"action\":\"punt\"}" : address + " punt";
        }
        final String reason = Reasons.name(r.reason);
        return json
                ? "{\"address\":\"" + address + "\",\"action\":\"drop\",\"reason\":\"" + reason + "\"}"
                : address + " drop reason=" + reason;
    }
}
