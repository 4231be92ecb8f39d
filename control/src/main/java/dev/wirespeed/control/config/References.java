package dev.wirespeed.control.config;

import dev.wirespeed.control.model.Destination;

import java.util.ArrayList;
import java.util.List;

/**
 * References written in routes (destinations, gateways), kept with their position so they can be checked
 * once every document is loaded: a DestinationRule or Gateway may come later in load order.
 */
final class References
{
    /** A destination and where it was written. */
    record DestinationRef(Destination destination, YamlNode where)
    {
    }

    /** A normalised gateway name and where it was written. */
    record GatewayRef(String gateway, YamlNode where)
    {
    }

    final List<DestinationRef> destinations = new ArrayList<>();
    final List<GatewayRef> gateways = new ArrayList<>();

    void destination(final Destination d, final YamlNode where)
    {
        destinations.add(new DestinationRef(d, where));
    }

    void gateways(final List<String> names, final YamlNode where)
    {
        for (int i = 0; i < names.size(); i++)
        {
            final YamlNode at = where != null && where.isSeq() && i < where.items().size()
                    ? where.items().get(i)
                    : where;
            if (at != null)
            {
                gateways.add(new GatewayRef(names.get(i), at));
            }
        }
    }
}
