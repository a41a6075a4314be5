using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>
/// What <c>getroute</c> asks (interfaces.md §5): deliver <paramref name="Amount"/> to <paramref name="Destination"/>
/// with a final delay of <paramref name="FinalCltv"/> blocks, from <paramref name="Source"/>.
/// <paramref name="FuzzSeed"/> drives the fee fuzz; the RPC layer draws it from the node's entropy source.
/// </summary>
public sealed record RouteRequest(
    NodeId Source,
    NodeId Destination,
    MilliSatoshi Amount,
    double RiskFactor,
    uint FinalCltv = 18,
    double FuzzPercent = 5,
    ulong FuzzSeed = 0,
    int MaxHops = 20)
{
    /// <summary>Channel directions that must not be used.</summary>
    public IReadOnlyCollection<(ShortChannelId Channel, ChannelDirection Direction)> ExcludedChannels { get; init; } = [];

    /// <summary>Nodes that must not be used as hops (the destination and source excepted).</summary>
    public IReadOnlyCollection<NodeId> ExcludedNodes { get; init; } = [];
}

/// <summary>
/// One hop of a route, as getroute prints it: <see cref="Id"/> is the node reached through
/// <see cref="Channel"/> in <see cref="Direction"/>, <see cref="Amount"/> what reaches it (its own forwarding
/// fees and those after it included), <see cref="Delay"/> the CLTV the HTLC carries on that channel.
/// </summary>
public sealed record RouteHop(NodeId Id, ShortChannelId Channel, ChannelDirection Direction, MilliSatoshi Amount, uint Delay);

/// <summary>A found route: the hops in order from the first channel out of the source.</summary>
public sealed record Route(IReadOnlyList<RouteHop> Hops)
{
    /// <summary>interfaces.md §5: "the first hop's msatoshi minus the amount is the fee".</summary>
    public MilliSatoshi Fee => Hops[0].Amount - Hops[^1].Amount;
}

/// <summary>The result of <see cref="RouteFinder.GetRoute"/>: a route, or no route (the RPC layer's error 205).</summary>
public abstract record RouteOutcome
{
    private RouteOutcome()
    {
    }

    public sealed record Found(Route Route) : RouteOutcome;

    public sealed record NoRoute(string Reason) : RouteOutcome;
}
