using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Routing;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>getroute id amount_msat riskfactor [cltv] [fromid] [fuzzpercent] [exclude] [maxhops]</c> (interfaces.md §5
/// "Routing"): the cheapest route by fee plus risk over the route table, or error 205.
/// </summary>
internal sealed class GetRouteCommand(RouteTable routes, NodeId localNodeId) : RpcCommand("getroute", "channels",
    "Find the cheapest route to a node for an amount, by fee plus risk (amount × delay × riskfactor / 5,259,600,000).",
    RpcParam.Required("id", RpcParamType.NodeId, "the destination node"),
    RpcParam.Required("amount_msat", RpcParamType.MilliSatoshi, "the amount to deliver", "msatoshi"),
    RpcParam.Required("riskfactor", RpcParamType.Number, "the annual cost of locking funds, in percent"),
    RpcParam.Optional("cltv", RpcParamType.U32, "the final hop's delay", 18u),
    RpcParam.Optional("fromid", RpcParamType.NodeId, "the route's source (this node if omitted)"),
    RpcParam.Optional("fuzzpercent", RpcParamType.Number, "how much fees are randomized to choose the route", 5d),
    RpcParam.Optional("exclude", RpcParamType.JsonArray, "channel directions (scid/direction) and node ids to avoid"),
    RpcParam.Optional("maxhops", RpcParamType.U32, "the most hops the route may have", 20u))
{
    /// <summary>Error 205: no route (Core Lightning's PAY_ROUTE_NOT_FOUND).</summary>
    public const int RouteNotFound = 205;

    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var destination = new NodeId(arguments.Get<PublicKey>("id"));
        var amount = arguments.Get<MilliSatoshi>("amount_msat");
        var riskFactor = arguments.Get<double>("riskfactor");
        var fuzz = arguments.Get<double>("fuzzpercent");
        var source = arguments.TryGet<PublicKey>("fromid", out var from) ? new NodeId(from) : localNodeId;
        if (amount.Value <= 0)
            throw new RpcException(RpcError.InvalidParams("amount_msat: must be positive"));
        if (riskFactor < 0)
            throw new RpcException(RpcError.InvalidParams("riskfactor: must not be negative"));
        if (fuzz is < 0 or > 100)
            throw new RpcException(RpcError.InvalidParams("fuzzpercent: must be between 0 and 100"));
        var maxHops = arguments.Get<uint>("maxhops");
        if (maxHops is 0 or > 1000)
            throw new RpcException(RpcError.InvalidParams("maxhops: must be between 1 and 1000"));
        var (channels, nodes) = (new List<(ShortChannelId, ChannelDirection)>(), new List<NodeId>());
        if (arguments.TryGet<JsonElement>("exclude", out var exclude) && !TryParseExclude(exclude, channels, nodes, out var error))
            throw new RpcException(RpcError.InvalidParams($"exclude: {error}"));
        var request = new RouteRequest(source, destination, amount, riskFactor, arguments.Get<uint>("cltv"), fuzz,
            BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)), (int)maxHops)
        {
            ExcludedChannels = channels,
            ExcludedNodes = nodes,
        };
        GraphSnapshot graph;
        RouteExclusions standing;
        lock (routes)
            (graph, standing) = routes.Snapshot();
        var outcome = RouteFinder.GetRoute(graph, request, standing);
        return outcome switch
        {
            RouteOutcome.Found found => Task.FromResult(ToJson(found.Route)),
            RouteOutcome.NoRoute none => throw new RpcException(RouteNotFound, $"Could not find a route: {none.Reason}"),
            _ => throw new InvalidOperationException("unexpected route outcome"),
        };
    }

    /// <summary>
    /// interfaces.md §5: "`exclude` holds `BLOCKxTXxOUT/DIRECTION` entries (direction 0 or 1) and node ids"; channels in
    /// either scid spelling. False with the offending entry.
    /// </summary>
    internal static bool TryParseExclude(JsonElement exclude, List<(ShortChannelId, ChannelDirection)> channels, List<NodeId> nodes,
        out string error)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(nodes);
        error = "";
        if (exclude.ValueKind != JsonValueKind.Array)
        {
            error = "must be an array";
            return false;
        }
        foreach (var entry in exclude.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String
                || !RouteExclusions.TryParseEntry(entry.GetString(), out var channel, out var node))
            {
                error = $"{entry.GetRawText()} is neither scid/direction nor a node id";
                return false;
            }
            if (node is not null)
                nodes.Add(node);
            else
                channels.Add(channel);
        }
        return true;
    }

    internal static JsonObject ToJson(Route route)
    {
        var hops = new JsonArray();
        foreach (var hop in route.Hops)
        {
            hops.Add(new JsonObject
            {
                ["id"] = hop.Id.ToHex(),
                ["channel"] = hop.Channel.ToString(),
                ["direction"] = (int)hop.Direction,
                ["msatoshi"] = hop.Amount.Value,
                ["amount_msat"] = hop.Amount.Value,
                ["delay"] = hop.Delay,
                ["style"] = "tlv",
            });
        }
        return new JsonObject { ["route"] = hops };
    }
}
