// The leaf-spine incast scenario of docs/simulation.md in ns-3 (3.37, Debian's libns3-dev), for the
// comparison in docs/performance.md. Same topology, links, queues and traffic as
// examples/sim/leaf-spine-incast:
//   4 spines, 8 leaves, 16 hosts a leaf; every leaf linked to every spine.
//   Host links 10 Gb/s, fabric links 40 Gb/s, 1 us propagation, PointToPoint (PPP, 2 bytes of framing).
//   DropTail queues of 1000 packets on every device; the traffic-control layer is removed, so the device
//   queue is the only buffer (the packet on the wire is not in it).
//   Ipv4GlobalRouting with ECMP (RandomEcmpRouting: a random equal-cost next hop per packet).
//   UDP, 1500-byte IP packets (1472-byte UdpClient payload), one every 12 us from t = 10 ms while
//   t < 110 ms (8334 a flow); host (i, j) -> host ((i+1) mod 8, j), and hosts 0..15 of leaf 1 -> host 0 of
//   leaf 0 as well. The simulation ends at 200 ms.
// Prints one JSON line: sent, received, dropped, events, wall seconds. With the traffic-control layer
// removed, a full device queue stops its NetDeviceQueue and TrafficControlLayer::Send discards the packet
// without a trace source (ns-3.37), so drops are counted as sent - received (nothing is in flight at
// 200 ms: the last packet is sent at 109.996 ms).
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <chrono>
#include <cstdio>
#include <string>

using namespace ns3;

static uint64_t g_sent = 0;

static void
HostMacTx(Ptr<const Packet>)
{
    g_sent++;
}

int
main(int argc, char* argv[])
{
    uint32_t spines = 4;
    uint32_t leaves = 8;
    uint32_t hostsPerLeaf = 16;
    bool ecmpRandom = true;
    CommandLine cmd;
    cmd.AddValue("spines", "spines", spines);
    cmd.AddValue("leaves", "leaves", leaves);
    cmd.AddValue("hostsPerLeaf", "hosts a leaf", hostsPerLeaf);
    cmd.AddValue("ecmpRandom", "Ipv4GlobalRouting::RandomEcmpRouting", ecmpRandom);
    cmd.Parse(argc, argv);

    const auto wallStart = std::chrono::steady_clock::now();
    Config::SetDefault("ns3::Ipv4GlobalRouting::RandomEcmpRouting", BooleanValue(ecmpRandom));

    NodeContainer spineNodes;
    spineNodes.Create(spines);
    NodeContainer leafNodes;
    leafNodes.Create(leaves);
    NodeContainer hostNodes;
    hostNodes.Create(leaves * hostsPerLeaf);
    InternetStackHelper stack;
    stack.InstallAll();

    PointToPointHelper hostLink;
    hostLink.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    hostLink.SetChannelAttribute("Delay", StringValue("1us"));
    hostLink.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("1000p"));
    PointToPointHelper fabricLink;
    fabricLink.SetDeviceAttribute("DataRate", StringValue("40Gbps"));
    fabricLink.SetChannelAttribute("Delay", StringValue("1us"));
    fabricLink.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("1000p"));

    Ipv4AddressHelper address;
    address.SetBase("10.0.0.0", "255.255.255.252");
    TrafficControlHelper tch;
    NetDeviceContainer hostDevices;
    std::vector<Ipv4Address> hostAddress(leaves * hostsPerLeaf);
    for (uint32_t l = 0; l < leaves; l++)
    {
        for (uint32_t s = 0; s < spines; s++)
        {
            NetDeviceContainer d = fabricLink.Install(leafNodes.Get(l), spineNodes.Get(s));
            address.Assign(d);
            address.NewNetwork();
            tch.Uninstall(d);
        }
        for (uint32_t h = 0; h < hostsPerLeaf; h++)
        {
            const uint32_t host = l * hostsPerLeaf + h;
            NetDeviceContainer d = hostLink.Install(hostNodes.Get(host), leafNodes.Get(l));
            Ipv4InterfaceContainer ifs = address.Assign(d);
            address.NewNetwork();
            tch.Uninstall(d);
            hostAddress[host] = ifs.GetAddress(0);
            hostDevices.Add(d.Get(0));
        }
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    const uint16_t port = 9;
    UdpServerHelper server(port);
    ApplicationContainer servers = server.Install(hostNodes);
    servers.Start(Seconds(0.0));
    servers.Stop(MilliSeconds(200));

    auto addFlow = [&](uint32_t src, uint32_t dst) {
        UdpClientHelper client(hostAddress[dst], port);
        client.SetAttribute("MaxPackets", UintegerValue(8334));
        client.SetAttribute("Interval", TimeValue(MicroSeconds(12)));
        client.SetAttribute("PacketSize", UintegerValue(1472));
        ApplicationContainer app = client.Install(hostNodes.Get(src));
        app.Start(MilliSeconds(10));
        app.Stop(MilliSeconds(110));
    };
    for (uint32_t l = 0; l < leaves; l++)
    {
        for (uint32_t h = 0; h < hostsPerLeaf; h++)
        {
            addFlow(l * hostsPerLeaf + h, ((l + 1) % leaves) * hostsPerLeaf + h);
        }
    }
    for (uint32_t h = 0; h < hostsPerLeaf; h++)
    {
        addFlow(1 * hostsPerLeaf + h, 0);
    }

    for (uint32_t i = 0; i < hostDevices.GetN(); i++)
    {
        hostDevices.Get(i)->TraceConnectWithoutContext("MacTx", MakeCallback(&HostMacTx));
    }
    Simulator::Stop(MilliSeconds(200));
    Simulator::Run();
    uint64_t received = 0;
    for (uint32_t i = 0; i < servers.GetN(); i++)
    {
        received += DynamicCast<UdpServer>(servers.Get(i))->GetReceived();
    }
    const uint64_t events = Simulator::GetEventCount();
    Simulator::Destroy();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();

    std::printf("{\"simulator\":\"ns-3.37\",\"sent\":%llu,\"received\":%llu,\"dropped\":%llu,\"events\":%llu,"
                "\"wallSeconds\":%.3f}\n",
                (unsigned long long)g_sent, (unsigned long long)received, (unsigned long long)(g_sent - received),
                (unsigned long long)events, wall);
    return 0;
}
