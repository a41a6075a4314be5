using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Gossip;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>listnodes [id]</c>: the nodes with public channels; those that sent a node_announcement also show its alias,
/// color, timestamp, addresses and features (interfaces.md §6; absent before an announcement).
/// </summary>
internal sealed class ListNodesCommand(GossipManager gossip) : RpcCommand("listnodes", "channels",
    "Show the nodes known from gossip, or only one.",
    RpcParam.Optional("id", RpcParamType.NodeId, "only this node"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var only = arguments.TryGet<PublicKey>("id", out var id) ? new NodeId(id) : null;
        var list = new JsonArray();
        foreach (var node in await gossip.ListNodesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (only is null || node.NodeId == only)
                list.Add(ToJson(node));
        }
        return new JsonObject { ["nodes"] = list };
    }

    internal static JsonObject ToJson(NodeListing node)
    {
        var json = new JsonObject { ["nodeid"] = node.NodeId.ToHex() };
        if (node.Announcement is not { } a)
            return json;
        json["alias"] = a.Alias.ToString();
        json["color"] = Fulgur.Crypto.Hex.Encode([a.RgbColor.Red, a.RgbColor.Green, a.RgbColor.Blue]);
        json["last_timestamp"] = a.Timestamp.Value;
        var addresses = new JsonArray();
        foreach (var address in a.Addresses.Descriptors)
            addresses.Add(Address(address));
        json["addresses"] = addresses;
        json["features"] = a.Features.ToHex();
        return json;
    }

    private static JsonObject Address(NodeAddress address)
    {
        var text = address.ToString();
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : text;
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        return new JsonObject { ["type"] = address.TypeName, ["address"] = host, ["port"] = address.Port };
    }
}
