using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Config;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>getinfo</c>: this node's id, appearance, counts and addresses, with Core Lightning's field names (interfaces.md §6).</summary>
internal sealed class GetInfoCommand(NodeIdentity identity, NodeConfig config, NodeStatus status)
    : RpcCommand("getinfo", "utility", "Show information about this node.")
{
    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var channels = status.Channels;
        var result = new JsonObject
        {
            ["id"] = identity.NodeId.ToHex(),
            ["alias"] = identity.Alias,
            ["color"] = Hex.Encode(identity.Color),
            ["num_peers"] = status.PeerCount,
            ["num_pending_channels"] = channels.Pending,
            ["num_active_channels"] = channels.Active,
            ["num_inactive_channels"] = channels.Inactive,
            ["address"] = Addresses(config.AnnounceAddresses),
            ["binding"] = Addresses(status.Bindings),
            ["version"] = NodeIdentity.Version,
            ["blockheight"] = status.BlockHeight,
            ["network"] = config.Network.Name(),
            // Core Lightning reports the per-network directory here.
            ["lightning-dir"] = config.NetworkDir,
        };
        return Task.FromResult(result);
    }

    internal static JsonArray Addresses(IEnumerable<HostPort> addresses)
    {
        var array = new JsonArray();
        foreach (var a in addresses)
            array.Add(new JsonObject { ["type"] = a.AddressType, ["address"] = a.Host, ["port"] = a.Port });
        return array;
    }
}
