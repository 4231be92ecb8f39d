package dev.wirespeed.control.config;

import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.control.model.SourceRef;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * Binds a {@code wirespeed.dev/v1} RouteTable: the YAML shape and types only; prefixes, addresses and the
 * routes file are validated by the L3 compiler.
 */
final class RouteTableBinder
{
    private final Diagnostics diags;

    RouteTableBinder(final Diagnostics diags)
    {
        this.diags = diags;
    }

    /**
     * @param spec   the spec.
     * @param ns     namespace.
     * @param name   name.
     * @param folder the YAML file's folder ({@code routesFile} is relative to it), or {@code null} for
     *               in-memory YAML (then relative to the working directory).
     * @param src    the document.
     * @return the table.
     */
    RouteTableSpec bind(final FieldReader spec, final String ns, final String name, final Path folder,
                        final SourceRef src)
    {
        final List<RouteTableSpec.RouteSpec> routes = new ArrayList<>();
        for (final YamlNode r : spec.list("routes"))
        {
            final FieldReader rr = FieldReader.of(r, diags, ERROR, "prefix", "nextHops");
            if (!rr.present())
            {
                continue;
            }
            final String prefix = rr.requiredString("prefix");
            final List<RouteTableSpec.NextHopSpec> hops = new ArrayList<>();
            if (!rr.has("nextHops") || rr.list("nextHops").isEmpty())
            {
                diags.error(rr.refOf("nextHops"), "route must have at least one next hop");
            }
            for (final YamlNode h : rr.list("nextHops"))
            {
                final FieldReader hr = FieldReader.of(h, diags, ERROR, "address", "port", "weight");
                if (!hr.present())
                {
                    continue;
                }
                final String address = hr.requiredString("address");
                if (!hr.has("port"))
                {
                    hr.missing("port");
                }
                final int port = hr.integerIn("port", 0, Integer.MAX_VALUE, 0);
                final int weight = hr.integerIn("weight", 1, Integer.MAX_VALUE, 1);
                if (address != null)
                {
                    hops.add(new RouteTableSpec.NextHopSpec(address, port, weight, Diagnostics.ref(h)));
                }
            }
            if (prefix != null)
            {
                routes.add(new RouteTableSpec.RouteSpec(prefix, List.copyOf(hops), Diagnostics.ref(r)));
            }
        }
        Path routesFile = null;
        SourceRef routesFileRef = null;
        final String file = spec.string("routesFile");
        if (file != null)
        {
            if (file.isEmpty())
            {
                diags.error(spec.field("routesFile"), "routesFile must not be empty");
            }
            else
            {
                routesFile = folder == null ? Path.of(file) : folder.resolve(file).normalize();
                routesFileRef = Diagnostics.ref(spec.field("routesFile"));
            }
        }
        final List<RouteTableSpec.AddressSpec> local = new ArrayList<>();
        for (final YamlNode a : spec.list("localAddresses"))
        {
            final String s = FieldReader.asString(a, diags);
            if (s != null)
            {
                local.add(new RouteTableSpec.AddressSpec(s, Diagnostics.ref(a)));
            }
        }
        return new RouteTableSpec(ns, name, List.copyOf(routes), routesFile, routesFileRef, List.copyOf(local), src);
    }
}
